// Preloaded (`node --import`) into each provisioning-server process the soak starts: sends the
// process's memory to the soak over the IPC channel, so RSS and heap growth are measured from
// inside the real app without changing it. Neither the timer nor the channel keeps the process alive.
const every = Number(process.env.SOAK_SAMPLE_MS ?? 5000);
if (process.send) {
  process.channel?.unref();
  setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ rss, heapUsed });
  }, every).unref();
}
