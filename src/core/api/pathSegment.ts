// What may go into a request's path as one segment, checked before anything is sent.
import { isBlankText } from '../text/displayText';

/**
 * Whether server text (a snapshot id, an IdP id, a group name) may become one segment of a URL path:
 * there `.`, `..` and slashes move to another resource, and a lone surrogate makes encodeURIComponent
 * throw. Control and bidi characters would make the value shown differ from the value acted on.
 */
export function isSafePathSegment(id: string): boolean {
  if (id === '.' || id === '..' || isBlankText(id)) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2f || c === 0x5c) return false;
    if (c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      return false;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = id.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}
