// Relevance expressions: the XLSForm subset, parsed into an AST and evaluated without eval.

export type BinaryOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type Expr =
  | { readonly type: 'ref'; readonly name: string; readonly column: number }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'not'; readonly operand: Expr }
  | { readonly type: 'selected'; readonly ref: Expr; readonly code: Expr }
  | { readonly type: 'count-selected'; readonly ref: Expr };
