export { defaultPasswordHasher } from "./default-hasher.js";
export { type PasswordHasher, preparePassword } from "./password-hasher.js";
export { type Pbkdf2Options, pbkdf2PasswordHasher } from "./pbkdf2.js";
export { type ScryptOptions, scryptPasswordHasher } from "./scrypt.js";
export { isSecretAttribute, type PasswordPolicy } from "./secret-attributes.js";
