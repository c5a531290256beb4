/**
 * Prints one benchmark figure as the JSON line every bench uses (DESIGN.md, "Benchmarks"):
 * `{"bench":...,"value":...,"unit":...,"goal":"<= 1.10","met":true, ...context}`.
 */
export type Goal = readonly ['<=' | '>=' | '==', number];

function holds([op, target]: Goal, value: number): boolean {
  return op === '<=' ? value <= target : op === '>=' ? value >= target : value === target;
}

export function printFigure(bench: string, value: number, unit: string, goal: Goal, context: Record<string, unknown> = {}): void {
  const [op, target] = goal;
  const text = `${op} ${Number.isInteger(target) ? target : target.toFixed(2)}`;
  console.log(JSON.stringify({ bench, value, unit, goal: text, met: holds(goal, value), ...context }));
}
