// Reading a synthesized CloudFormation template the way the stand-ins need: which values
// CloudFormation resolves at deploy time, and which resource of the template a reference names.

/** A value CloudFormation resolves (`{ "Ref": … }`, `{ "Fn::…": … }`), unknown until deploy. */
export function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'));
}

/** The logical id a `{ "Ref": id }` or `{ "Fn::GetAtt": [id, "Arn"] }` names, else undefined. */
export function referencedId(value: unknown): string | undefined {
  if (!isIntrinsic(value)) return undefined;
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}
