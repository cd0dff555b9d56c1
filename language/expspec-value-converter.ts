// `30%` is a number token with a percent sign: Langium's default conversion (`Number(text)`) would
// give NaN, so percentages are parsed here.
import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

export class ExpspecValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        if (rule.name === 'PERCENT') return Number.parseFloat(input.slice(0, -1));
        return super.runConverter(rule, input, cstNode);
    }
}
