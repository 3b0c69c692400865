// PyTorch's state dicts use Python's snake_case names (weight_decay, initial_lr, T_max); @x's options
// are camelCase (weightDecay, initialLr, TMax). These convert one to the other and back.

/** `weightDecay` → `weight_decay`, `_stepCount` → `_step_count`, `TMax` → `T_max`. */
export function toSnake(name: string): string {
  const lead = /^_*/.exec(name)![0];
  const body = name.slice(lead.length);
  return lead + body.charAt(0) + body.slice(1).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `weight_decay` → `weightDecay`, `_step_count` → `_stepCount`, `T_max` → `TMax`. */
export function toCamel(name: string): string {
  const lead = /^_*/.exec(name)![0];
  return lead + name.slice(lead.length).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
