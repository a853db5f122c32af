/** The `scimType` values of RFC 7644 §3.12 (Table 9) and the cursor errors RFC 9865 adds. */
export type ScimErrorType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive"
  // RFC 9865 cursor paging errors.
  | "invalidCursor"
  | "expiredCursor"
  | "invalidCount";

/** RFC 7644 §3.12 error message schema URN. */
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** The JSON body of a SCIM error response (RFC 7644 §3.12); `status` is a string. */
export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimErrorType;
  detail?: string;
}

/**
 * An error that maps to one SCIM error response.
 *
 * @example
 * throw new ScimError(409, "uniqueness", 'userName "bjensen" is already taken');
 */
export class ScimError extends Error {
  override readonly name = "ScimError";
  readonly status: number;
  readonly scimType: ScimErrorType | undefined;
  readonly detail: string;

  constructor(status: number, scimType: ScimErrorType | undefined, detail: string, options?: ErrorOptions) {
    super(detail, options);
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
  }

  /** Serialises to the RFC 7644 §3.12 error JSON. */
  toJSON(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(this.status), detail: this.detail };
    if (this.scimType) body.scimType = this.scimType;
    return body;
  }

  /** 400 with a `scimType`: the common case for bad input. */
  static badRequest(scimType: ScimErrorType, detail: string): ScimError {
    return new ScimError(400, scimType, detail);
  }

  /** 404 for a resource or endpoint that does not exist. */
  static notFound(detail: string): ScimError {
    return new ScimError(404, undefined, detail);
  }

  /** True for any `ScimError`, also across duplicated package copies. */
  static is(value: unknown): value is ScimError {
    return (
      value instanceof ScimError ||
      (value instanceof Error && value.name === "ScimError" && "status" in value)
    );
  }
}
