// Find Token's matcher: the tokens of every instance, searched by what the person types, so that the
// picker shows at most a page of rows at a time (50,000 rows crossing to the workbench on every open
// would be slow, and VS Code would filter them by the label alone). Pure: no `vscode`.
import { filterTerms } from './tokenReport';

export interface TokenSearchEntry<T> {
  /** As shown: server text made one line (see displayText). */
  readonly name: string;
  readonly instanceName: string;
  readonly owner?: string;
  /** As shown, e.g. "expires in 12 days". */
  readonly expiry: string;
  readonly value: T;
}

export interface TokenSearchResult<T> {
  /** The first `limit` matches: tokens whose name holds every typed word first, then the others. */
  readonly shown: T[];
  /** How many match in all. */
  readonly matching: number;
  /** How many there are. */
  readonly total: number;
}

/**
 * Every word typed must appear, ignoring case, in the token's name, instance, owner or expiry; a
 * blank query matches all. Search texts are made once; a query is one pass over them.
 */
export class TokenSearch<T> {
  private readonly names: string[];
  private readonly texts: string[];

  constructor(private readonly entries: ReadonlyArray<TokenSearchEntry<T>>) {
    this.names = entries.map((entry) => entry.name.toLowerCase());
    this.texts = entries.map((entry, index) =>
      [this.names[index], entry.instanceName, entry.owner ?? '', entry.expiry].join('\n').toLowerCase(),
    );
  }

  get total(): number {
    return this.entries.length;
  }

  find(query: string, limit: number): TokenSearchResult<T> {
    const terms = filterTerms(query);
    const max = Math.max(0, Math.floor(limit));
    const byName: T[] = [];
    const byOther: T[] = [];
    let matching = 0;
    for (let index = 0; index < this.entries.length; index++) {
      if (!terms.every((term) => this.texts[index].includes(term))) continue;
      matching++;
      // Once the page is full of name matches, the rest are only counted.
      if (byName.length >= max) continue;
      const value = this.entries[index].value;
      if (terms.every((term) => this.names[index].includes(term))) byName.push(value);
      else if (byOther.length < max) byOther.push(value);
    }
    return { shown: [...byName, ...byOther].slice(0, max), matching, total: this.entries.length };
  }
}
