#!/usr/bin/env bash
# Rebuilds the gallery in docs/ from the built-in zoo with fpa's own commands:
#   for each zoo painter: a 8x8 sample grid (fpa generate), a painting strip and GIF (fpa paint),
#   and the FID/KID table from the model cards (fpa zoo list --markdown).
# Run from the project root after `mvn -q -B package -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/gallery
mkdir -p "$out"
models=$(./fpa zoo list | awk '$2 == "generator" {print $1}')
{
  echo "# Gallery"
  echo
  echo "Made by \`docs/make-gallery.sh\` from the built-in zoo (\`fpa zoo list\`)."
  echo
  ./fpa zoo list --markdown
  echo
  for m in $models; do
    ./fpa generate --model "zoo:$m" --seeds 0-63 --grid "$out/$m-grid.png" >/dev/null
    echo "## $m"
    echo
    echo "\`fpa generate --model zoo:$m --seeds 0-63 --grid $m-grid.png\`"
    echo
    echo "![$m samples](gallery/$m-grid.png)"
    echo
    # Only painters have painting steps: the LightGAN baseline has none, and fpa paint says so.
    if ./fpa paint --model "zoo:$m" --seed 3 --zoom 3 --out "$out/$m-strip.png" --gif "$out/$m-paint.gif" \
        >/dev/null 2>&1; then
      echo "\`fpa paint --model zoo:$m --seed 3 --zoom 3 --out $m-strip.png --gif $m-paint.gif\`"
      echo
      echo "![$m painting](gallery/$m-strip.png) ![$m painting, animated](gallery/$m-paint.gif)"
    else
      echo "No painting steps: $m generates the image in one pass."
    fi
    echo
  done
} > docs/GALLERY.md
echo "wrote docs/GALLERY.md and $(ls "$out" | wc -l) images in $out"
