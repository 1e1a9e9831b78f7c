import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  csvCell,
  DISPLAY_MAX_LENGTH,
  displayText,
  escapeHtml,
  escapeMarkdown,
  fillPlaceholders,
  inertMessageText,
  isBlankText,
  pickRowText,
  wholeText,
} from '../../../src/core/text/displayText';
import { linksIn, NUM_RUNS, SEED, trickyString } from '../properties';

describe('displayText', () => {
  it('removes bidi controls, so that a name cannot reverse the text after it', () => {
    assert.equal(displayText('invoice\u202Egnp.exe'), 'invoicegnp.exe');
    assert.equal(displayText('\u2066admin\u2069 \u200Etoken\u200F\u061C'), 'admin token');
  });
  it('removes control characters and turns newlines and tabs into single spaces', () => {
    assert.equal(displayText('a\u0000b\u0007c\u001B[31m\u009B'), 'abc[31m');
    assert.equal(displayText('  line one\r\n\tline two \u0085 three\u2028four  '), 'line one line two three four');
  });
  it('replaces lone surrogates and keeps pairs', () => {
    assert.equal(displayText('a\uD800b\uDE42'), 'a\uFFFDb\uFFFD');
    assert.equal(displayText('\uD83D\uDE42'), '\uD83D\uDE42');
  });
  it(`shortens beyond maxLength (default ${DISPLAY_MAX_LENGTH}) with an ellipsis, not inside a surrogate pair`, () => {
    assert.equal(displayText('x'.repeat(250)), 'x'.repeat(199) + '\u2026');
    assert.equal(displayText('abcdef', 4), 'abc\u2026');
    assert.equal(displayText('ab\uD83D\uDE42cd', 4), 'ab\u2026');
    assert.equal(displayText('abc def', 5), 'abc\u2026', 'no space before the ellipsis');
    assert.equal(displayText('abcdef', 6), 'abcdef');
    assert.equal(displayText('long text', Infinity), 'long text');
  });
});

describe('isBlankText', () => {
  it('is true for text with nothing visible in it', () => {
    // '\u200D \u200D': joiners around a space (npm run fuzz, seed 183559161).
    for (const s of ['', ' ', '\t\n', '\u00A0\u3000', '\u200B\u202E', '\uFEFF', '\u0000', '\u200D \u200D'])
      assert.equal(isBlankText(s), true);
  });
  it('is false as soon as something shows', () => {
    for (const s of ['a', ' .', '\u202Eb', '\uD800', '\uD83D\uDE42']) assert.equal(isBlankText(s), false);
  });
});

describe('inertMessageText (notifications, quick-input prompts, placeholders, titles)', () => {
  it('VS Code renders [label](command:...) as a link, and a backslash does not escape it there', () => {
    assert.deepEqual(linksIn('[Open](command:workbench.action.quit)'), ['command:workbench.action.quit']);
    assert.deepEqual(linksIn('\\[Open\\](command:workbench.action.quit)'), ['command:workbench.action.quit']);
  });
  it('leaves no link: "](" becomes "］("', () => {
    const out = inertMessageText('Token [Open](command:workbench.action.quit) [x](https://evil.example "t")');
    assert.equal(out, 'Token [Open\uFF3D(command:workbench.action.quit) [x\uFF3D(https://evil.example "t")');
    assert.deepEqual(linksIn(out), []);
  });
  it('keeps brackets that make no link, and cleans the text as displayText does', () => {
    assert.equal(inertMessageText('version [unknown version]\n to 5.2'), 'version [unknown version] to 5.2');
    assert.equal(inertMessageText('[a]\u0000(command:x)'), '[a\uFF3D(command:x)', 'a control character cannot hide it');
  });
  it('ends in no "]" that the text after it could turn into a link', () => {
    const joined = `${inertMessageText('name [x]')}${inertMessageText('(command:workbench.action.quit)')}`;
    assert.equal(joined, 'name [x\uFF3D(command:workbench.action.quit)');
    assert.deepEqual(linksIn(joined), []);
  });
});

describe('escapeMarkdown (MarkdownString tooltips)', () => {
  it('escapes every ASCII punctuation character, so no markdown or autolink survives', () => {
    assert.equal(
      escapeMarkdown('**bold** [x](https://a.b) <b>&'),
      '\\*\\*bold\\*\\* \\[x\\]\\(https\\:\\/\\/a\\.b\\) \\<b\\>\\&',
    );
    assert.equal(escapeMarkdown('$(alert) www.x.com'), '\\$\\(alert\\) www\\.x\\.com');
  });
  it('is one line: a newline cannot start a heading or a list', () => {
    assert.equal(escapeMarkdown('a\n# b\n- c'), 'a \\# b \\- c');
  });
});

describe('pickRowText (quick pick rows)', () => {
  it('shows a codicon name as text, so a token cannot pass for a row the extension marked', () => {
    assert.equal(pickRowText('$(pass-filled) Approved by IT'), '\\$(pass-filled) Approved by IT');
    assert.equal(pickRowText('a $(x) b $(y)'), 'a \\$(x) b \\$(y)');
  });
  it('leaves a dollar sign that starts no icon alone', () => {
    assert.equal(pickRowText('costs $5 (net)'), 'costs $5 (net)');
  });
});

describe('fillPlaceholders (vscode.l10n templates)', () => {
  it('fills placeholders as vscode.l10n does, and leaves unknown ones', () => {
    assert.equal(fillPlaceholders('{0}–{1} of {2}', 1, 200, '50,000'), '1–200 of 50,000');
    assert.equal(fillPlaceholders('{0} and {3}', 'a'), 'a and {3}');
  });
});

describe('escapeHtml (webviews)', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    assert.equal(
      escapeHtml(`<img src=x onerror="a('b')">&`),
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });
  it('leaves everything else as it is', () => {
    assert.equal(escapeHtml('  two\nlines '), '  two\nlines ');
  });
});

describe('csvCell', () => {
  it('quotes per RFC 4180 only when needed', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
  });
  it('neutralises formulas with a leading quote', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('a=b'), 'a=b');
  });
});

describe('wholeText', () => {
  it('is displayText cut only past 100,000 code units, its shortcut for plain text included', () => {
    const text = fc.oneof(trickyString, fc.string(), fc.stringMatching(/^[!-~ ]{0,40}$/));
    fc.assert(
      fc.property(text, (s) => assert.equal(wholeText(s), displayText(s, 100_000))),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    const long = 'a'.repeat(100_001);
    assert.equal(wholeText(long), displayText(long, 100_000));
    assert.equal(wholeText(long).length, 100_000);
  });
});
