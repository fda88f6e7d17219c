/** One incident drill: the run view with the answer form, then the reveal (web/src/components/incident-drill.tsx). */
import { IncidentDrill } from "../components/incident-drill.js";
import type { PageProps } from "../pages.js";

export default function Incident({ params }: PageProps) {
  return (
    <div class="incident-page">
      <p>
        <a href="/incidents">← Incidents</a>
      </p>
      <h1>On call: a training run</h1>
      <p class="muted">Read the run as you would when paged, then answer below. The answer is stored and scored; the true fault and its runbook page come after.</p>
      <IncidentDrill session={params.session} />
      <p>
        <a class="button" href="/incidents">
          Back to the incidents
        </a>
      </p>
    </div>
  );
}
