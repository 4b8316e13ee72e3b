/**
 * The few parts of `mvdan-sh` (the GopherJS build of mvdan.cc/sh/v3/syntax) that the shell
 * analysis reads. The package ships no typings. Nodes are wrappers around Go structs: nil
 * pointers come back as `null`, slices as arrays, and positions count UTF-8 bytes.
 */
declare module 'mvdan-sh' {
  export interface ShPos {
    /** Byte offset into the UTF-8 encoding of the parsed text. */
    Offset(): number;
    IsValid(): boolean;
  }

  export interface ShNode {
    Pos(): ShPos;
    End(): ShPos;
  }

  export interface ShLit extends ShNode {
    Value: string;
  }

  export interface ShWord extends ShNode {
    Parts: ShNode[];
  }

  /** `'...'`, or `$'...'` when `Dollar` is set. */
  export interface ShSglQuoted extends ShNode {
    Value: string;
    Dollar: boolean;
  }

  /** `"..."`, or `$"..."` when `Dollar` is set. */
  export interface ShDblQuoted extends ShNode {
    Parts: ShNode[];
    Dollar: boolean;
  }

  export interface ShAssign extends ShNode {
    Name: ShLit | null;
    Value: ShWord | null;
    Append: boolean;
    /** A `declare`/`export` argument without `=`: a bare name, a flag, or `"$@"`. */
    Naked: boolean;
    Index: ShNode | null;
    Array: ShNode | null;
  }

  export interface ShRedirect extends ShNode {
    OpPos: ShPos;
    /** The file descriptor written before the operator (`2` in `2>&1`). */
    N: ShLit | null;
  }

  export interface ShStmt extends ShNode {
    Cmd: ShNode | null;
    Redirs: ShRedirect[];
    Negated: boolean;
    Background: boolean;
    Coprocess: boolean;
    /** Where the `;` or `&` that ends the statement is, when one is written. */
    Semicolon: ShPos;
  }

  export interface ShCallExpr extends ShNode {
    Assigns: ShAssign[];
    Args: ShWord[];
  }

  /** `export`, `local`, `declare`, `readonly`, `typeset` in the Bash variant. */
  export interface ShDeclClause extends ShNode {
    Variant: ShLit;
    Args: ShAssign[];
  }

  export interface ShBinaryCmd extends ShNode {
    OpPos: ShPos;
    X: ShStmt;
    Y: ShStmt;
  }

  /** `{ ...; }` and `( ... )`. */
  export interface ShStmtList extends ShNode {
    Stmts: ShStmt[];
  }

  export interface ShIfClause extends ShNode {
    Then: ShStmt[];
    /** The `elif` or `else` part; an `else` is an IfClause without a condition. */
    Else: ShIfClause | null;
  }

  /** `while`, `until` and `for` loops. */
  export interface ShLoop extends ShNode {
    Do: ShStmt[];
  }

  export interface ShCaseClause extends ShNode {
    Items: { Stmts: ShStmt[] }[];
  }

  /** `time cmd` and `coproc cmd`. */
  export interface ShWrapperClause extends ShNode {
    Stmt: ShStmt | null;
  }

  export interface ShFuncDecl extends ShNode {
    Name: ShLit;
  }

  export interface ShFile extends ShNode {
    Stmts: ShStmt[];
  }

  /** What `Parse` throws: a ParseError or a LangError of the Go package. */
  export interface ShParseError {
    Error(): string;
    Pos?: ShPos;
  }

  export interface ShParser {
    Parse(src: string, name: string): ShFile;
  }

  export interface ShParserOption {
    readonly __parserOption: unique symbol;
  }

  export interface ShLangVariant {
    readonly __langVariant: unique symbol;
  }

  export const syntax: {
    NewParser(...options: ShParserOption[]): ShParser;
    Variant(lang: ShLangVariant): ShParserOption;
    LangBash: ShLangVariant;
    LangPOSIX: ShLangVariant;
    NodeType(node: ShNode): string;
    Walk(node: ShNode, visit: (node: ShNode | null) => boolean): void;
  };
}
