import { render } from "preact";
import { App } from "./app.js";
import { interceptLinks } from "./router.js";
import "./style.css";

const root = document.getElementById("app")!;
interceptLinks(root);
render(<App />, root);
