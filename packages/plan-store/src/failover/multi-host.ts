/**
 * The single-host URLs of a libpq-style multi-host connection string
 * (`postgresql://user:pw@host1:5432,host2:5433/db?target_session_attrs=read-write`), in order; a
 * single-host URL comes back as the only element. node-postgres understands neither several hosts
 * nor `target_session_attrs`, so both are taken out here. @internal
 */
export function hostUrls(url: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/i.exec(url);
  const hosts = match?.[3]?.split(',') ?? [];
  if (!match || hosts.length < 2) return [url];
  const [, scheme, userInfo = '', , rest = ''] = match;
  return hosts.map((host) => withoutTargetSessionAttrs(`${scheme}${userInfo}${host}${rest}`));
}

function withoutTargetSessionAttrs(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('target_session_attrs');
  return parsed.toString();
}
