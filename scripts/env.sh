# Shared by the scripts: where set-up installs tools, and PATH for them. Source it.
NOREN_TOOLS="${NOREN_TOOLS:-$HOME/.cache/noren/tools}"
export PATH="$PWD/node_modules/.bin:$NOREN_TOOLS/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
