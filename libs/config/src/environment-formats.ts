/** Shapes and conversions the environment variables are validated with (environment.ts) and read by. */
export const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
export const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/;
export const HOST_PORT = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;
export const HTTP_URL = /^https?:\/\/\S+$/;
// base64 of at least 32 bytes is at least 43 characters.
export const BASE64_32 = /^[A-Za-z0-9+/]{43,}={0,2}$/;
export const KEY_LIST = /^[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=?(\s*,\s*[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=?)*$/;

export const stripSlash = (url: string) => url.replace(/\/+$/, '');

export function keyBytes(b64: string): Buffer {
  return Buffer.from(b64, 'base64');
}
