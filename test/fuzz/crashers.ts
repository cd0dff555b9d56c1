// Inputs the fuzzer found crashing a language service, shrunk by minimize.ts. The fuzz test runs
// every one of them on each run, at every token edge, so a crash stays fixed (and a crash that is
// not fixed yet fails the run whatever the random seed).
export const CRASHERS: ReadonlyArray<{ readonly text: string; readonly crashed: string }> = [
    { text: 'train', crashed: 'validation, checkTrain read `train.model.ref` of a train without a model' },
    { text: 'evaluate', crashed: 'validation, checkEvaluate → slotOf(undefined task)' },
    { text: 'experiment{seed', crashed: 'validation, checkProperty → ValueChecker.expected → textOf(undefined value)' },
    { text: 'model)train i', crashed: 'the build, which threw: processLinkingErrors → closest() over a model without a name' },
    { text: 'view(', crashed: 'validation, checkCall → unknownComponent → closest() with an undefined name' },
    { text: 'model=p train', crashed: 'validation, SpecAnalysis.trainsOf read `t.model.ref` of a train without a model' },
    { text: 'train 0model r', crashed: 'hover, describeDeclaration → SpecAnalysis.trainsOf, as above' },
    { text: 'dataset=){split:s()train 0%', crashed: 'completion, Train cross-reference completion with a PercentLit context node' },
    { text: 'dataset=){split:s()train 0', crashed: 'completion, Train cross-reference completion with a SplitPart context node' },
    { text: 'objective=+t', crashed: 'hover, a node from parser recovery outside the tree → analysisOf(undefined)' },
    { text: 'objective=+t()', crashed: 'definition, references, highlight and rename: "AST node has no document" (Langium issue #1717)' },
    { text: 'objective=+t(r:e)', crashed: 'linking, which logged "AST node has no document" for `e`' },
    // The same, as typed: an expression that starts with an operator or `then`.
    { text: 'objective o = + b()\n', crashed: 'definition, references, highlight and rename on `b`: "AST node has no document"' },
    { text: 'model m = then x()\n', crashed: 'definition, references, highlight and rename on `x`: "AST node has no document"' },
    { text: 'model=then(learned)', crashed: 'hover, which made linking log "AST node has no document" for `learned`' },
];
