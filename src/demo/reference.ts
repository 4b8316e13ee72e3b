/**
 * Image references, checked before they reach the container CLI. The grammar is the one of the
 * distribution project's reference package, which Docker and Podman both use:
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component ( "/" path-component )*
 * A reference can never start with "-", so it is never read as an option.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

// Docker caps the name part (without tag and digest) at 255 characters.
const MAX_NAME_LENGTH = 255;

/** Returns why `ref` is not a valid image reference, or undefined when it is one. */
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref === '') return 'The image name is empty.';
  const match = REFERENCE.exec(ref);
  if (!match) {
    return (
      `"${ref}" is not a valid image reference: expected name[:tag][@digest], with a lowercase ` +
      'name such as "node:20" or "registry.example.com/team/app:1.2".'
    );
  }
  if (match[1].length > MAX_NAME_LENGTH) {
    return `"${ref}" is not a valid image reference: the name is longer than 255 characters.`;
  }
  return undefined;
}

/** True when `ref` is a valid image reference. */
export function isImageReference(ref: string): boolean {
  return imageReferenceProblem(ref) === undefined;
}
