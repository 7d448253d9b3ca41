// The messages the interface's scripts write, in the reader's language: the page loads the
// catalog (/i18n/<language>.js, web/script_messages.py) before this file. gettext and ngettext
// take Python-style %(name)s placeholders, like the templates; ngettext puts n in %(num)s.
(() => {
  const loaded = window.MC_MESSAGES || { language: "en", messages: {} };
  const rules = new Intl.PluralRules(loaded.language);
  const fill = (text, values) =>
    text.replace(/%\((\w+)\)[sd]/g, (whole, name) => (name in values ? String(values[name]) : whole));
  window.gettext = (message, values = {}) => fill(loaded.messages[message] || message, values);
  window.ngettext = (singular, plural, n, values = {}) => {
    const forms = loaded.messages[singular];
    const chosen = forms ? forms[rules.select(n)] || forms.other : n === 1 ? singular : plural;
    return fill(chosen, { num: n, ...values });
  };
})();
