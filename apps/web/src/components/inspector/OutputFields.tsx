import { getKind, type PipelineNode, type StreamInfo } from '@eventide/shared';
import { useValidation } from '../../logic/use-validation';
import { StreamTraits } from './StreamTraits';

/** What the node emits on its main output, inferred from its params and inputs: the next node's fields. */
export function OutputFields({ node }: { node: PipelineNode }) {
  const validation = useValidation();
  const spec = getKind(node.kind);
  const params = validation.params.get(node.id);
  if (!spec || !params) return null;
  const main = spec.outputs(params).find((p) => p.role === 'main');
  if (!main) return null;
  let stream: StreamInfo | undefined;
  try {
    stream = spec.inferOutputs(params, validation.inputs.get(node.id) ?? {})[main.id];
  } catch {
    return null;
  }
  if (!stream) return null;
  const fields = Object.entries(stream.schema.fields);
  return (
    <div className="inspector-section" data-testid="output-fields">
      <h4 className="section-title">Emits on “{main.label}”</h4>
      {fields.length === 0 ? (
        <p className="empty-hint small">Fields are not known until an input is connected.</p>
      ) : (
        <div className="field-chips">
          {fields.map(([name, type]) => (
            <span key={name} className="field-chip" title={type}>
              {name}
              <span className="field-type">{type}</span>
            </span>
          ))}
        </div>
      )}
      <StreamTraits stream={stream} />
    </div>
  );
}
