/**
 * The JSON Schema subset the WASM validator compiles (assembly/json/schema/),
 * as a TypeScript type, and Infer<S>: the type of a value a schema accepts.
 * Other keywords (title, description, $schema…) are allowed and ignored.
 *
 * @example
 *   const item = {
 *     type: "object", required: ["name"],
 *     properties: { name: { type: "string", minLength: 1 }, price: { type: "number", minimum: 0 } },
 *   } as const satisfies JsonSchema;
 *   type Item = Infer<typeof item>; // { name: string; price?: number; [k: string]: unknown }
 */

export type ValidationTarget = "json" | "query" | "param" | "header";

export type SchemaType = "string" | "integer" | "number" | "boolean" | "array" | "object" | "null";

export interface JsonSchema {
  type?: SchemaType | readonly SchemaType[];
  /** Members of an object (others are allowed and kept). */
  properties?: { readonly [name: string]: JsonSchema };
  required?: readonly string[];
  /** The schema of every array element. */
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  /** In code points. */
  minLength?: number;
  maxLength?: number;
  enum?: readonly unknown[];
  readonly [keyword: string]: unknown;
}

/** One validation failure: a JSON Pointer into the validated value, and why. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** The type of the values schema S accepts (for an `as const` schema). */
export type Infer<S> =
  S extends { enum: readonly (infer V)[] } ? V
  : S extends { type: infer T } ? OfType<S, T>
  : unknown;

type OfType<S, T> =
  T extends readonly (infer U)[] ? OfType<S, U>
  : T extends "string" ? string
  : T extends "integer" | "number" ? number
  : T extends "boolean" ? boolean
  : T extends "null" ? null
  : T extends "array" ? (S extends { items: infer I } ? Infer<I>[] : unknown[])
  : T extends "object" ? ObjectOf<S>
  : never;

type RequiredOf<S> = S extends { required: readonly (infer K)[] } ? K & string : never;
type PropertiesOf<S> = S extends { properties: infer P } ? P : {};

type ObjectOf<S> = Flatten<
  { -readonly [K in keyof PropertiesOf<S> & RequiredOf<S>]: Infer<PropertiesOf<S>[K]> }
  & { -readonly [K in Exclude<keyof PropertiesOf<S>, RequiredOf<S>>]?: Infer<PropertiesOf<S>[K]> }
  & { [K in Exclude<RequiredOf<S>, keyof PropertiesOf<S>>]: unknown }
  & { [name: string]: unknown }
>;

type Flatten<T> = { [K in keyof T]: T[K] };
