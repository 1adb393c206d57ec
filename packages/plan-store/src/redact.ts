/**
 * Replaces the password of every `scheme://user:password@` occurrence in `text` with `***`, so a
 * connection string can appear in a log line without its secret.
 */
export function redactSecrets(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}
