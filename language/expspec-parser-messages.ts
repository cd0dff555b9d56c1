// Syntax errors in words a spec's author uses, each with the form that was expected.
import { LangiumParserErrorMessageProvider } from 'langium';
import type { IToken, TokenType } from 'chevrotain';

const CLOSERS: Record<string, string> = {
    ')': '`)` to close the call', ']': '`]` to close the list', '}': '`}` to close the block',
    ':': '`:` between a name and its value (`name: value`)', '=': '`=` after the declared name (`model m = mlp(...)`)',
    '(': '`(` after a component name', ',': '`,` between items',
};

function describe(type: TokenType): string {
    if (type.name === 'EOF') return 'the end of the file';
    if (type.name === 'ID') return 'a name';
    if (type.name === 'NUMBER') return 'a number';
    if (type.name === 'STRING') return 'a string in double quotes';
    const keyword = typeof type.PATTERN === 'string' ? type.PATTERN : type.name;
    return CLOSERS[keyword] ?? `\`${keyword}\``;
}

function found(token: IToken): string {
    return token.tokenType?.name === 'EOF' ? 'the end of the file' : `\`${token.image}\``;
}

export class ExpspecParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        if (options.expected.name === 'EOF') return this.buildNotAllInputParsedMessage({ firstRedundant: options.actual, ruleName: options.ruleName });
        return `Expected ${describe(options.expected)}, found ${found(options.actual)}`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        const token = options.firstRedundant;
        if (token.image === '(') {
            return 'The arguments from this `(` do not parse: write them as `name: value` (or plain values first), separated by commas, e.g. `mlp(hidden: [64], out: 2)`';
        }
        return `Unexpected ${found(token)}: a spec is a sequence of declarations (\`experiment\`, \`dataset\`, \`model\`, \`objective\`, \`train\`, \`evaluate\`, \`view\`, \`sweep\`, \`import\`); the text before it may be incomplete`;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription: string; ruleName: string }): string {
        const actual = options.actual[0];
        const starts = new Set(options.expectedPathsPerAlt.flatMap(alt => alt.map(path => path[0]?.name)));
        if (starts.has('NUMBER') && starts.has('STRING')) {
            return `Expected a value (a number, \`30%\`, a string, a name, a list \`[...]\`, or a call \`component(...)\`), found ${found(actual)}`;
        }
        if (options.ruleName === 'Declaration' || options.ruleName === 'Spec') {
            return `Expected a declaration (\`experiment\`, \`dataset\`, \`model\`, \`objective\`, \`train\`, \`evaluate\`, \`view\`, \`sweep\`), found ${found(actual)}`;
        }
        return super.buildNoViableAltMessage(options);
    }
}
