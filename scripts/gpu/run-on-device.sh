#!/usr/bin/env bash
# Runs the CLI (or the benchmarks) from the GPU bundle that scripts/gpu/pack.sh makes, on a machine with the
# NVIDIA driver but no Node, no npm and no network. Run it from the repository root (specs and data are read
# from the working tree; the bundle brings Node, the bundled code, the TensorFlow.js packages, Dawn and the
# Vulkan loader). See scripts/gpu/README.md.
#
#   bash scripts/gpu/run-on-device.sh [--bundle FILE] [--dest DIR] [--quiet] COMMAND [ARGS...]
#
# Commands:
#   doctor              the GPU, the driver's Vulkan files, what Dawn sees (probe.mjs), then `backends`
#   smoke [BACKEND]     the bundle's tiny ALLG spec (test/fixtures/run/allg-tiny.expspec) on BACKEND (webgpu)
#   bench NAME...       the benchmarks (out/bench.mjs), e.g. `bench allg-step`; `bench --list` names them;
#                       the PyTorch peers run with the first python3 that imports torch ($EXPSPEC_PYTHON wins)
#   node ARGS...        the bundled node
#   sh 'COMMAND'        bash -c COMMAND with this environment (the bundled node first on PATH, $B the bundle)
#   anything else       the CLI: `node out/cli/main.cjs COMMAND ARGS...`, e.g.
#                         backends
#                         run examples/allg-letter.expspec --backend webgpu --out $OUT/runs
#                       (`run` without --out gets `--out $OUT/runs` when $OUT is set: only $OUT comes back)
#
# Options:
#   --bundle FILE   the archive (default: $EXPSPEC_GPU_BUNDLE, else gpu-bundle/expspec-gpu.tar.xz beside scripts/);
#                   FILE's -app.tar.xz sibling (pack.sh --app-only), when there, is unpacked over it
#   --dest DIR      unpack under DIR (default /tmp): DIR/expspec-gpu; unpacked again only when the archive changed
#   --quiet         no environment summary
#
# Environment it sets: LD_LIBRARY_PATH (the bundle's Vulkan loader first, then the NVIDIA driver folders that
# exist), VK_DRIVER_FILES and VK_ICD_FILENAMES (the NVIDIA Vulkan ICD; one is written when the machine has the
# driver library but no ICD file; a value you set is kept), NODE_OPTIONS (--max-old-space-size=16384 unless
# set). EXPSPEC_GPU_NO_ICD=1 leaves the Vulkan driver choice to the loader; EXPSPEC_GPU_DRIVER_DIRS (folders,
# colon-separated) are searched first for the driver's libraries.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bundle=${EXPSPEC_GPU_BUNDLE:-} dest=/tmp quiet=0
while (($#)); do
    case $1 in
        --bundle) bundle=$2; shift ;;
        --dest) dest=$2; shift ;;
        --quiet) quiet=1 ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) break ;;
    esac
    shift
done
(($#)) || { sed -n '2,30p' "$0"; exit 2; }
cmd=$1; shift

say() { printf 'run-on-device: %s\n' "$*" >&2; }
die() { printf 'run-on-device: error: %s\n' "$*" >&2; exit 3; }
t0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- The bundle: this script's own folder when it is the copy inside an unpacked bundle ----------------
if [[ -x $here/bin/node && -f $here/out/cli/main.cjs ]]; then
    B=$here
else
    [[ -n $bundle ]] || bundle=$here/../../gpu-bundle/expspec-gpu.tar.xz
    [[ -f $bundle ]] || die "no bundle at $bundle (make it with scripts/gpu/pack.sh; give it to the run tool with carry: [\"gpu-bundle\"])"
    B=$dest/expspec-gpu
    # pack.sh --app-only writes the code that changes (out/, examples, scripts) beside it: unpacked over it.
    overlay=${bundle%.tar.xz}-app.tar.xz
    [[ -f $overlay ]] || overlay=
    id=$(for f in "$bundle" $overlay; do echo "$f $(stat -c '%s %Y' "$f") $(head -c 1048576 "$f" | cksum)"; done)
    if [[ ! -f $B/.bundle-id || $(cat "$B/.bundle-id") != "$id" ]]; then
        rm -rf "$B"
        mkdir -p "$dest"
        t=$(date +%s.%N)
        for f in "$bundle" $overlay; do
            if command -v xz >/dev/null; then
                tar -xJf "$f" -C "$dest" || die "cannot unpack $f"
            else
                python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$f" "$dest" || die "cannot unpack $f (no xz; python3's tarfile failed too)"
            fi
        done
        printf '%s\n' "$id" > "$B/.bundle-id"
        say "unpacked $(basename "$bundle") ($(du -h "$bundle" | cut -f1))${overlay:+ and $(basename "$overlay")} into $B in $(elapsed "$t") s"
    fi
fi
node=$B/bin/node
[[ -x $node ]] || die "$node is missing: the bundle is broken"

# ---- Libraries: the bundle's Vulkan loader first, then the NVIDIA driver's folders -----------------------
driver_dirs=()
IFS=: read -r -a extra_dirs <<< "${EXPSPEC_GPU_DRIVER_DIRS:-}"
for d in "${extra_dirs[@]}" /usr/local/nvidia/lib64 /usr/local/nvidia/lib /run/nvidia/driver/usr/lib/x86_64-linux-gnu /usr/lib64/nvidia \
         /usr/lib/x86_64-linux-gnu/nvidia/current /usr/lib/nvidia; do
    [[ -d $d ]] && driver_dirs+=("$d")
done
ld=$B/vulkan
for d in "${driver_dirs[@]}"; do ld+=:$d; done
export LD_LIBRARY_PATH=$ld${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

# A library by name: the folders above, then the linker cache, then the usual places.
find_lib() {
    local name=$1 d hit
    for d in "${driver_dirs[@]}"; do [[ -e $d/$name ]] && { echo "$d/$name"; return 0; }; done
    hit=$(ldconfig -p 2>/dev/null | awk -v n="$name" '$1 == n && /x86-64/ { print $NF; exit }')
    [[ -n $hit && -e $hit ]] && { echo "$hit"; return 0; }
    hit=$(find /usr/lib /usr/lib64 /usr/local/nvidia /usr/local/lib /run/nvidia -maxdepth 4 -name "$name" 2>/dev/null | head -1)
    [[ -n $hit ]] && { echo "$hit"; return 0; }
    return 1
}

# ---- The NVIDIA Vulkan ICD ------------------------------------------------------------------------
icd_note=
glx=$(find_lib libGLX_nvidia.so.0 || true)
if [[ -n ${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-} ]]; then
    icd_note="kept VK_DRIVER_FILES=${VK_DRIVER_FILES:-} VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-}"
elif [[ ${EXPSPEC_GPU_NO_ICD:-0} == 1 ]]; then
    icd_note="EXPSPEC_GPU_NO_ICD=1: the loader's default search"
else
    icd=
    for f in /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json \
             /usr/local/share/vulkan/icd.d/nvidia_icd*.json /usr/local/nvidia/vulkan/icd.d/nvidia_icd*.json \
             /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json /usr/local/nvidia/etc/vulkan/icd.d/nvidia_icd*.json \
             /run/nvidia/driver/usr/share/vulkan/icd.d/nvidia_icd*.json /run/nvidia/driver/etc/vulkan/icd.d/nvidia_icd*.json \
             $(find /usr/local/nvidia /run/nvidia /usr/share/vulkan /etc/vulkan -maxdepth 5 -name 'nvidia*icd*.json' 2>/dev/null); do
        [[ -f $f ]] || continue
        lib=$(sed -n 's/.*"library_path"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | head -1)
        if [[ $lib == /* && -e $lib ]] || { [[ $lib != /* && -n $lib ]] && find_lib "$lib" >/dev/null; }; then
            icd=$f; break
        fi
        icd_note+="$f names $lib, which is not on this machine; "
    done
    if [[ -z $icd && -n $glx ]]; then
        icd=$B/vulkan/nvidia_icd.json
        printf '{\n    "file_format_version": "1.0.0",\n    "ICD": { "library_path": "%s", "api_version": "1.3.0" }\n}\n' "$glx" > "$icd"
        icd_note+="no NVIDIA ICD file on the machine: wrote $icd for $glx"
    elif [[ -n $icd ]]; then
        icd_note+="NVIDIA ICD $icd"
    else
        icd_note+="no NVIDIA Vulkan driver (no libGLX_nvidia.so.0: the container may lack the driver's 'graphics' capability); the loader's default search"
    fi
    if [[ -n $icd ]]; then
        export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
    fi
fi

[[ ${NODE_OPTIONS:-} == *max-old-space-size* ]] || export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-old-space-size=16384"
export PATH=$B/bin:$PATH

# ---- Summary ---------------------------------------------------------------------------------------
if ((!quiet)); then
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=index,name,driver_version,memory.used,memory.total,utilization.gpu --format=csv,noheader 2>&1 |
            sed 's/^/run-on-device: gpu: /' >&2
    else
        say "gpu: no nvidia-smi on this machine"
    fi
    say "vulkan: $icd_note"
    manifest=$B/bundle.json; [[ -f $B/bundle-app.json ]] && manifest=$B/bundle-app.json
    say "node $("$node" --version), code from $(sed -n 's/.*"commit": "\([0-9a-f]\{10\}\).*/\1/p' "$manifest" 2>/dev/null)$(grep -q '"sourcesModified": true' "$manifest" 2>/dev/null && echo ' + uncommitted changes'), packed $(sed -n 's/.*"created": "\([^"]*\)".*/\1/p' "$manifest" 2>/dev/null)$([[ $manifest == *app* ]] && echo ' (app overlay)'); LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
fi

# dawn.node needs glibc 2.34 and GLIBCXX_3.4.30 (GCC 12's libstdc++): say so before Node fails to load it.
check_runtime() {
    local glibc stdcxx
    glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ print $2 }')
    if [[ -n $glibc ]] && awk -v v="$glibc" 'BEGIN { split(v, a, "."); exit !(a[1] < 2 || (a[1] == 2 && a[2] < 34)) }'; then
        say "warning: glibc $glibc: dawn.node needs 2.34 or newer, so WebGPU will not load (wasm and cpu still run)"
    fi
    stdcxx=$(find_lib libstdc++.so.6 || true)
    if [[ -n $stdcxx ]] && ! grep -qa GLIBCXX_3.4.30 "$(readlink -f "$stdcxx")"; then
        say "warning: $stdcxx lacks GLIBCXX_3.4.30 (GCC 12): dawn.node will not load (wasm and cpu still run)"
    fi
}
check_runtime

# ---- The command ----------------------------------------------------------------------------------
status=0
case $cmd in
    doctor)
        say "libGLX_nvidia.so.0: ${glx:-not found}"
        if [[ -n $glx ]]; then
            gdir=$(dirname "$(readlink -f "$glx")")
            ls "$gdir" 2>/dev/null | grep -E '^lib(nvidia-(glvkspirv|gpucomp|glcore|tls|eglcore)|GLX_nvidia)\.so' | sed "s|^|run-on-device:   $gdir/|" >&2
        fi
        (cd "$B" && "$node" probe.mjs) || status=$?
        (cd "$B" && "$node" --enable-source-maps out/cli/main.cjs backends) || status=$?
        ;;
    smoke)
        backend=${1:-webgpu}
        runs=${OUT:+$OUT/runs}
        (cd "$B" && "$node" --enable-source-maps out/cli/main.cjs run test/fixtures/run/allg-tiny.expspec --backend "$backend" --out "${runs:-/tmp/expspec-gpu-runs}") || status=$?
        ;;
    bench)
        if [[ -z ${EXPSPEC_PYTHON:-} ]]; then
            for py in /usr/bin/python3 "$(command -v python3 2>/dev/null)" /opt/conda/bin/python3 /usr/local/bin/python3; do
                [[ -n $py && -x $py ]] || continue
                if "$py" -c 'import torch, numpy' 2>/dev/null; then export EXPSPEC_PYTHON=$py; break; fi
            done
        fi
        if [[ -n ${EXPSPEC_PYTHON:-} ]]; then
            say "peers: $EXPSPEC_PYTHON ($("$EXPSPEC_PYTHON" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available" if torch.cuda.is_available() else "unavailable")' 2>&1 | tail -1))"
        else
            say "peers: no python3 with torch and numpy found; the peer benchmarks will say so"
        fi
        mkdir -p "$B/bench/results"
        marker=$(mktemp)
        "$node" --enable-source-maps "$B/out/bench.mjs" "$@" || status=$?
        if [[ -n ${OUT:-} ]]; then
            mkdir -p "$OUT/bench-results"
            find "$B/bench/results" -type f -newer "$marker" -exec cp {} "$OUT/bench-results/" \;
            say "bench results copied to $OUT/bench-results"
        fi
        rm -f "$marker"
        ;;
    node)
        "$node" "$@" || status=$?
        ;;
    sh)
        B=$B bash -c "$*" || status=$?
        ;;
    *)
        args=("$@")
        if [[ $cmd == run && -n ${OUT:-} ]] && ! printf '%s\n' "${args[@]}" | grep -q -- '^--out\(=\|$\)'; then
            args+=(--out "$OUT/runs")
            say "adding --out $OUT/runs (only \$OUT comes back)"
        fi
        "$node" --enable-source-maps "$B/out/cli/main.cjs" "$cmd" "${args[@]}" || status=$?
        ;;
esac
say "$cmd finished in $(elapsed "$t0") s (exit $status)"
exit "$status"
