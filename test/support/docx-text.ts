import JSZip from 'jszip';

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

/** A DOCX's main part and its text, one line per paragraph (the runs of a paragraph joined). */
export async function docxText(body: Buffer): Promise<{ xml: string; text: string; paragraphs: string[] }> {
  const zip = await JSZip.loadAsync(body);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/gu)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((t) => t[1].replace(/&(lt|gt|amp|quot|apos);/gu, (e) => ENTITIES[e])).join(''),
  );
  return { xml, text: paragraphs.join('\n'), paragraphs };
}
