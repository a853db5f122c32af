// xsd:dateTime lexical form (XML Schema 1.1 Part 2 §3.3.7): an optional minus sign, a year of at
// least four digits, month, day, "T", hours, minutes, seconds with optional fraction, optional zone.
const XSD_DATE_TIME = /^-?(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

const daysInMonth = (year: number, month: number) =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/**
 * True when `text` is a valid xsd:dateTime, the encoding RFC 7643 §2.3.5 requires for `dateTime`
 * attributes (e.g. `2008-01-23T04:56:22Z`). Checks field ranges, not just the shape.
 */
export function isXsdDateTime(text: string): boolean {
  const match = XSD_DATE_TIME.exec(text);
  if (!match) return false;
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, , zoneHour, zoneMinute] =
    match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  if (yearText!.length > 4 && yearText!.startsWith("0")) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (minute > 59 || second > 59) return false;
  // 24:00:00 is the end of the day, allowed only with zero minutes, seconds and fraction.
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || /[1-9]/.test(fraction ?? ""))))
    return false;
  if (zoneHour !== undefined) {
    const zh = Number(zoneHour);
    const zm = Number(zoneMinute);
    if (zm > 59 || zh > 14 || (zh === 14 && zm !== 0)) return false;
  }
  return true;
}
