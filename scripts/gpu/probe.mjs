// What Dawn sees on this machine: the WebGPU adapters (high-performance and low-power), a device's key limits,
// and which Vulkan loader and driver libraries the process actually loaded (from /proc/self/maps). Run by
// run-on-device.sh (`doctor`) with the bundle's node, from the bundle's folder:
//
//   bin/node probe.mjs
import { readFileSync } from 'node:fs';

const { create, globals } = await import('webgpu');
Object.assign(globalThis, globals);
const gpu = create([]);

function describe(adapter) {
    const info = adapter.info ?? {};
    return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' | ') || 'unnamed';
}

let found = false;
for (const powerPreference of ['high-performance', 'low-power']) {
    const adapter = await gpu.requestAdapter({ powerPreference });
    if (!adapter) {
        console.log(`probe: ${powerPreference}: no adapter`);
        continue;
    }
    found = true;
    const software = adapter.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader/i.test(describe(adapter));
    console.log(`probe: ${powerPreference}: ${describe(adapter)}${software ? '  (SOFTWARE)' : ''}`);
    if (powerPreference === 'high-performance') {
        const device = await adapter.requestDevice({
            requiredLimits: {
                maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
                maxBufferSize: adapter.limits.maxBufferSize,
            },
        });
        const l = device.limits;
        console.log(`probe: device limits: maxBufferSize ${(l.maxBufferSize / 2 ** 20).toFixed(0)} MiB, ` +
            `maxStorageBufferBindingSize ${(l.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB, ` +
            `maxComputeWorkgroupSizeX ${l.maxComputeWorkgroupSizeX}, maxComputeInvocationsPerWorkgroup ${l.maxComputeInvocationsPerWorkgroup}`);
        console.log(`probe: features: ${[...adapter.features].sort().join(', ')}`);
        device.destroy();
    }
}

const libs = new Set(readFileSync('/proc/self/maps', 'utf8').split('\n')
    .map(line => line.split(/\s+/)[5])
    .filter(p => p && /vulkan|nvidia|lvp|GLX|mesa|libstdc\+\+/i.test(p)));
console.log(`probe: loaded libraries:\n${[...libs].sort().map(p => `  ${p}`).join('\n') || '  (none matching vulkan/nvidia/lvp)'}`);
process.exit(found ? 0 : 1);
