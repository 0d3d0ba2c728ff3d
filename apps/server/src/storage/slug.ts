/** Pipeline ids: what the URL and the file name use. */
export const PIPELINE_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';
const ID_RE = new RegExp(PIPELINE_ID_PATTERN);

export function isPipelineId(id: string): boolean {
  return ID_RE.test(id);
}

/** "Brute-force login detection (CEP)" -> "brute-force-login-detection-cep". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug || 'pipeline';
}

/** The slug, or slug-2, slug-3... the first that `taken` does not hold. */
export function uniqueSlug(name: string, taken: (id: string) => boolean): string {
  const base = slugify(name);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
