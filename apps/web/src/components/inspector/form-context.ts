import type { ExprScope, ValidationIssue } from '@eventide/shared';
import { createContext, useContext } from 'react';

/** What every generated control needs: where its value lives, its problems, and the fields in scope. */
export interface ParamFormContext {
  nodeId: string;
  /** Validation issues whose param path is exactly `path` (relative to params). */
  issuesAt: (path: string) => ValidationIssue[];
  /** Field names of the stream arriving on the node's input, for pickers. */
  fieldNames: string[];
  /** Fields and variables an expression at `path` may use. */
  scopeFor: (path: string) => ExprScope;
  set: (path: string, value: unknown) => void;
}

export const FormContext = createContext<ParamFormContext | null>(null);

export function useFormContext(): ParamFormContext {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error('param controls must be inside a FormContext');
  return ctx;
}

export const joinParamPath = (base: string, key: string | number) => (base ? `${base}.${key}` : String(key));
