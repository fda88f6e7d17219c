/** Katas: every coding kata by area, with its budget, its schedule (new, due, or when) and the checks so far. */
import { KatasResponse } from "../../../src/api/katas.js";
import { getJson } from "../api.js";
import { Loading } from "../components/status.js";
import { useApi } from "../components/use-api.js";
import { when } from "../format.js";
import type { PageProps } from "../pages.js";

export default function Katas(_: PageProps) {
  const state = useApi(() => getJson("/api/katas", KatasResponse), []);
  return (
    <div class="katas">
      <h1>Katas</h1>
      <p class="muted">
        Implement a component from memory, in Python with NumPy or in TypeScript, and run it against hidden tests computed by lmdojo's own reference
        implementations. Due katas come back on the FSRS schedule, like cards.
      </p>
      <Loading state={state}>
        {({ areas, katas, problems }) => (
          <>
            <p>
              {katas.length} katas · {katas.filter((k) => k.status === "due").length} due · {katas.filter((k) => k.passes > 0).length} solved at least once
            </p>
            {problems.length > 0 ? <p class="error">{problems.length} kata folders did not load: {problems[0]}</p> : null}
            {areas
              .filter((area) => katas.some((k) => k.area === area))
              .map((area) => (
                <section>
                  <h2>{area}</h2>
                  <table class="kata-list">
                    <thead>
                      <tr>
                        <th scope="col">kata</th>
                        <th scope="col">difficulty</th>
                        <th scope="col">budget</th>
                        <th scope="col">schedule</th>
                        <th scope="col">checks</th>
                      </tr>
                    </thead>
                    <tbody>
                      {katas
                        .filter((k) => k.area === area)
                        .map((k) => (
                          <tr>
                            <td>
                              <a href={`/katas/${k.slug}`}>{k.title}</a>
                            </td>
                            <td>{k.difficulty}</td>
                            <td>{k.minutes} min</td>
                            <td>{k.status === "scheduled" && k.due ? `due ${when(k.due)}` : k.status}</td>
                            <td>{k.checks === 0 ? "–" : `${k.checks} (${k.passes} passed)`}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </section>
              ))}
          </>
        )}
      </Loading>
    </div>
  );
}
