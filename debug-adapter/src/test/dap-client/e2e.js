// End-to-end test of `xenscope dap` with a DAP client we did not write: @vscode/debugadapter-testsupport.
// Usage: node e2e.js PROGRAM SOURCE [HVM_PROGRAM HVM_SOURCE]   (env: XENSCOPE_CP, JAVA).
// Exits 0 and prints "E2E OK" on success.
'use strict';
const path = require('path');
const assert = require('assert');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

function client() {
    const dc = new DebugClient('/bin/sh', path.join(__dirname, 'xenscope-dap.sh'), 'xen', { env: process.env }, true);
    dc.defaultTimeout = 60000;
    return dc;
}

// An HVM guest: the mode is detected from the image, its symbols come from <image>.elf64; it stops at the
// reset vector in real mode, then at a C line in long mode.
async function hvm(program, source) {
    const dc = client();
    const output = [];
    dc.on('output', e => output.push(e.body.output));
    await dc.start();
    try {
        const initialized = dc.waitForEvent('initialized');
        await dc.initializeRequest({ adapterID: 'xen', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
        await dc.launchRequest({ program, stopOnEntry: true });
        await initialized;
        const bp = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [{ line: 66 }] });
        assert.strictEqual(bp.body.breakpoints[0].verified, true, 'HVM breakpoint verified: ' + JSON.stringify(bp.body));
        const [, entry] = await Promise.all([dc.configurationDoneRequest(), dc.assertStoppedLocation('entry', {})]);
        const top = entry.body.stackFrames[0];
        assert.strictEqual(top.instructionPointerReference, '0xfffffff0', 'the reset vector');
        const dis = await dc.disassembleRequest({ memoryReference: top.instructionPointerReference, instructionCount: 1 });
        assert.strictEqual(dis.body.instructions[0].instruction, 'ljmp   $0xf000,$0xe05b', '16-bit code');
        assert.ok(output.join('').includes('boots as hvm (detected); symbols from ' + program + '.elf64'), output.join(''));
        console.log('HVM: stopped at the reset vector: ' + dis.body.instructions[0].instruction);
        const threadId = (await dc.threadsRequest()).body.threads[0].id;
        await Promise.all([dc.continueRequest({ threadId }), dc.assertStoppedLocation('breakpoint', { path: /hello\.c$/, line: 66 })]);
        const [, stepped] = await Promise.all([dc.nextRequest({ threadId }), dc.assertStoppedLocation('step', { path: /hello\.c$/, line: 67 })]);
        console.log('HVM: breakpoint at hello.c:66 in long mode, next to line ' + stepped.body.stackFrames[0].line);
        const [, exited] = await Promise.all([dc.continueRequest({ threadId }), dc.waitForEvent('exited'), dc.waitForEvent('terminated')]);
        assert.strictEqual(exited.body.exitCode, 0, 'poweroff');
        assert.ok(output.join('').includes('Goodbye.'), output.join(''));
        console.log('HVM: exited with code 0');
    } finally {
        await dc.stop();
    }
}

async function main() {
    const [program, source, hvmProgram, hvmSource] = process.argv.slice(2);
    assert.ok(program && source, 'usage: node e2e.js PROGRAM SOURCE [HVM_PROGRAM HVM_SOURCE]');
    const dc = client();
    const output = [];
    dc.on('output', e => output.push(e.body.output));
    await dc.start();
    try {
        const initialized = dc.waitForEvent('initialized');
        const init = await dc.initializeRequest({ adapterID: 'xen', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
        assert.ok(init.body.supportsConfigurationDoneRequest, 'configurationDone supported');
        await dc.launchRequest({ program, stopOnEntry: true });
        await initialized;

        assert.ok(init.body.supportsConditionalBreakpoints && init.body.supportsLogPoints, 'conditions and logpoints');
        const bp = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [
            { line: 9 },
            { line: 15, logMessage: 'logpoint: line 15 reached, rip={rip:x}' },
            { line: 17, condition: 'rip == 0' },
            // start_info (a pointer) -> its magic "xen-3.0-x86_64": the first byte is 'x'
            { line: 20, condition: '*(uint8_t *)*(uint64_t *)start_info == 0x78' },
        ] });
        for (const b of bp.body.breakpoints) {
            assert.strictEqual(b.verified, true, 'breakpoint verified: ' + JSON.stringify(b));
        }
        assert.strictEqual(bp.body.breakpoints[0].line, 9, 'breakpoint line');

        const entry = dc.assertStoppedLocation('entry', {});
        await dc.configurationDoneRequest();
        await entry;
        console.log('stopped at entry');

        const threads = await dc.threadsRequest();
        assert.strictEqual(threads.body.threads.length, 1, 'one thread per vCPU');
        const threadId = threads.body.threads[0].id;

        const [, atBp] = await Promise.all([
            dc.continueRequest({ threadId }),
            dc.assertStoppedLocation('breakpoint', { path: /hello\.c$/, line: 9 }),
        ]);
        console.log('breakpoint hit at ' + atBp.body.stackFrames[0].name + ' line 9');

        const [, stepped] = await Promise.all([
            dc.nextRequest({ threadId }),
            dc.assertStoppedLocation('step', { path: /hello\.c$/ }),
        ]);
        const line = stepped.body.stackFrames[0].line;
        assert.ok(line > 9 && line <= 12, 'next from line 9 stopped at line ' + line);
        console.log('stepped over line 9 to line ' + line);

        const ev = await dc.evaluateRequest({ expression: 'rax', frameId: stepped.body.stackFrames[0].id, context: 'repl' });
        assert.match(ev.body.result, /^0x[0-9a-f]+/);

        // the logpoint prints and goes on, the false condition never stops, the true one does
        const [, atCond] = await Promise.all([
            dc.continueRequest({ threadId }),
            dc.assertStoppedLocation('breakpoint', { path: /hello\.c$/, line: 20 }),
        ]);
        assert.ok(output.join('').includes('logpoint: line 15 reached, rip=0x'), 'logpoint output: ' + output.join(''));
        console.log('conditional breakpoint hit at line ' + atCond.body.stackFrames[0].line + ', logpoint printed');

        const [, exited] = await Promise.all([
            dc.continueRequest({ threadId }),
            dc.waitForEvent('exited'),
            dc.waitForEvent('terminated'),
        ]);
        assert.strictEqual(exited.body.exitCode, 0, 'poweroff');
        const text = output.join('');
        assert.ok(text.includes('Hello from a Xen PV guest!'), 'console output: ' + text);
        assert.ok(text.includes('Goodbye.'), 'console output: ' + text);
        assert.ok(text.includes('Guest shut down: poweroff'), 'shutdown reason: ' + text);
        console.log('exited with code ' + exited.body.exitCode);
    } finally {
        await dc.stop();
    }
    if (hvmProgram) {
        await hvm(hvmProgram, hvmSource);
    }
    console.log('E2E OK');
}

main().then(() => process.exit(0), e => {
    console.error('E2E FAILED: ' + (e && e.stack || e));
    process.exit(1);
});
