#!/usr/bin/env bash
# The interface translations (ru, he) in media_catalog/translations:
#   extract  scan the code and templates (babel.cfg) into messages.pot
#   update   merge messages.pot into each language's messages.po (new strings come untranslated)
#   compile  build the messages.mo files the app reads (setup.sh runs this; .mo is not committed)
set -euo pipefail
cd "$(dirname "$0")/.."
babel=".venv/bin/pybabel"
[ -x "$babel" ] || babel="$(command -v pybabel)"
dir=media_catalog/translations
case "${1:-}" in
  extract) "$babel" extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output \
             --project media-catalog -o "$dir/messages.pot" . ;;
  update) "$babel" update -i "$dir/messages.pot" -d "$dir" --no-fuzzy-matching ;;
  compile) "$babel" compile -d "$dir" --statistics ;;
  *) echo "usage: scripts/translations.sh extract|update|compile" >&2; exit 2 ;;
esac
