// html-validate configuration for the built book, used by
// tests/RussiaJapanBriefing.Tests/Browser/HtmlValidityTests.cs (`html-validate --config tests/tools/.htmlvalidate.mjs`).
// (html-validate reads .htmlvalidate.{json,mjs,cjs,js}; a file named .htmlvalidaterc is never picked up.)
// Every rule of the recommended preset stays on except the purely stylistic ones below, one line of reason each.
export default {
  root: true,
  extends: ["html-validate:recommended"],
  rules: {
    // stylistic only: Scriban template indentation leaves indented blank lines; no browser, reader or tool sees them
    "no-trailing-whitespace": "off",
    // search-engine advice, not validity: a source page's title is the article's own headline, which we do not cut
    "long-title": "off",
  },
};
