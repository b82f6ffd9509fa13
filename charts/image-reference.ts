// Container image references, parsed the way container tools parse them: the
// grammar of the distribution project's reference package (the one Docker,
// containerd and the kubelet's CRI use), its name-length and digest rules, and
// the normalization that decides which first path component is a registry host.
//
//   reference  := name [ ":" tag ] [ "@" digest ]
//   name       := [ domain "/" ] path-component [ "/" path-component ]*
//   domain     := host [ ":" port ]      host := domain-name | IPv4 | "[" IPv6 "]"
//   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
//   tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
//   digest     := algorithm ":" hex    algorithm := [A-Za-z][A-Za-z0-9]* ( [+._-] [A-Za-z][A-Za-z0-9]* )*

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^(?<name>(?:(?<domain>${DOMAIN})/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(?<tag>${TAG}))?(?:@(?<digest>${DIGEST}))?$`,
);
/** The same grammar with uppercase allowed in the path, to tell "uppercase" from "malformed". */
const REFERENCE_ANY_CASE = new RegExp(REFERENCE.source.replace(/\[a-z0-9\]/g, '[a-zA-Z0-9]'));

/** The longest name (registry and path) a reference may have. */
export const NAME_TOTAL_LENGTH_MAX = 255;
/** Hex length of each digest algorithm the OCI image spec registers. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** A parsed image reference. */
export interface ImageReference {
  /** The name as written: optional registry host, then the path. */
  readonly name: string;
  /** The registry host as written (a first component followed by "/"), if any. */
  readonly domain?: string;
  readonly tag?: string;
  readonly digest?: string;
  /** The registry a container runtime pulls from (docker.io when the name has none). */
  readonly registry: string;
  /** The repository on that registry (library/<name> for docker.io official images). */
  readonly repository: string;
}

/**
 * Parses a reference, or throws an Error saying what is wrong with it, in the
 * words of the reference package's errors.
 */
export function parseImageReference(value: string): ImageReference {
  if (value === '') {
    throw new Error('repository name must have at least one component');
  }
  const match = REFERENCE.exec(value);
  if (!match?.groups) {
    if (REFERENCE_ANY_CASE.test(value)) {
      throw new Error('repository name must be lowercase');
    }
    throw new Error('invalid reference format');
  }
  const { name, domain, tag, digest } = match.groups;
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new Error(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  if (digest !== undefined) {
    const [algorithm, hex] = digest.split(':');
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length === undefined) {
      throw new Error(`unsupported digest algorithm ${JSON.stringify(algorithm)}`);
    }
    if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
      throw new Error(`invalid ${algorithm} digest: want ${length} lowercase hex characters`);
    }
  }
  return { name, domain, tag, digest, ...normalize(name) };
}

/**
 * Which registry a runtime pulls the name from. The first component is a
 * registry host only when it looks like one: it has a "." or a ":" (a port),
 * or is "localhost"; otherwise the whole name is a path on Docker Hub, where
 * single names live under "library/". So `ghcr.io/team/app` is on ghcr.io,
 * while `team/app` is docker.io/team/app and `app` is docker.io/library/app.
 */
function normalize(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase())) {
    return { registry: first, repository: name.slice(slash + 1) };
  }
  return { registry: 'docker.io', repository: slash < 0 ? `library/${name}` : name };
}
