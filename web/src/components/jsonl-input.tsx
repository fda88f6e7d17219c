/**
 * A JSON Lines input: drop a file on the zone, choose one with the file input, or paste
 * lines into the text area. A file is kept as a Blob (it is uploaded as it is, up to the
 * server's limit) and never read into the page.
 */
import { useState } from "preact/hooks";

/** What the user gave: a file, pasted text or an example, and the name its errors will carry. */
export interface JsonlSource {
  name: string;
  body: Blob | string;
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function JsonlInput({ id, label, source, onSource }: { id: string; label: string; source: JsonlSource | null; onSource: (source: JsonlSource | null) => void }) {
  const [dragging, setDragging] = useState(false);
  const pick = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) onSource({ name: file.name, body: file });
  };
  const file = source && typeof source.body !== "string" ? source.body : null;
  return (
    <div class="jsonl-input">
      <div
        class="drop-zone"
        data-dragging={dragging ? "yes" : "no"}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          pick(e.dataTransfer?.files);
        }}
      >
        <label for={`${id}-file`}>{label}: drop a file here, or choose one</label>
        <input id={`${id}-file`} type="file" accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson" onChange={(e) => pick((e.currentTarget as HTMLInputElement).files)} />
        {file ? (
          <p class="muted" data-testid={`${id}-chosen`}>
            Chosen: {source?.name} ({size(file.size)})
          </p>
        ) : null}
      </div>
      <label for={`${id}-text`}>Or paste JSON Lines (one record per line)</label>
      <textarea
        id={`${id}-text`}
        class="code"
        spellcheck={false}
        value={source && typeof source.body === "string" ? source.body : ""}
        placeholder={file ? "(using the chosen file)" : "one JSON object per line"}
        onInput={(e) => {
          const text = (e.currentTarget as HTMLTextAreaElement).value;
          onSource(text.trim() === "" ? null : { name: "pasted", body: text });
        }}
      />
    </div>
  );
}
