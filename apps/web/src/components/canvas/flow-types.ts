import type { OutputPortSpec, PipelineNode, ValidationIssue } from '@eventide/shared';
import type { Edge, Node } from '@xyflow/react';

export type PipelineFlowNode = Node<{ node: PipelineNode; issues: ValidationIssue[] }, 'pipeline'>;
export type RateFlowEdge = Edge<{ role: OutputPortSpec['role'] }, 'rate'>;
