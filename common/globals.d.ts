// The few globals common code uses, which both Node and browsers provide; common/ is type-checked
// with neither DOM nor Node types (tsconfig.common.json), so each one it relies on is named here.
declare function btoa(data: string): string
declare function atob(data: string): string
