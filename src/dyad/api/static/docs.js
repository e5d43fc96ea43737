/* Offline API reference: renders /openapi.json into a list of operations, each with a small form
   that sends the request to this server and shows the answer. No third-party code. */
"use strict";
(async () => {
  const {el} = Dyad;
  const root = document.getElementById("api-docs");
  const spec = await (await fetch("/openapi.json")).json();

  function typeName(schema) {
    schema = schema || {};
    if (schema.$ref) return schema.$ref.split("/").pop();
    if (schema.anyOf) return schema.anyOf.map(typeName).join(" | ");
    if (schema.type === "array") return typeName(schema.items) + "[]";
    return schema.enum ? schema.enum.join(" | ") : (schema.type || "any");
  }

  function fieldsTable(name) {
    const schema = spec.components.schemas[name];
    if (!schema || !schema.properties) return el("span");
    const table = el("table", {class: "rank"}, el("tr", {}, el("th", {}, name), el("th", {}, "type"), el("th", {}, "meaning")));
    for (const [key, prop] of Object.entries(schema.properties)) {
      table.append(el("tr", {}, el("td", {}, el("code", {}, key)), el("td", {}, typeName(prop)),
                       el("td", {}, prop.description || "")));
    }
    return table;
  }

  function operation(path, method, op) {
    const box = el("details", {class: "docs-op"});
    box.append(el("summary", {}, el("span", {class: "method " + method}, method.toUpperCase()),
                  el("code", {}, path), " — " + (op.summary || "")));
    const body = el("div", {class: "body"});
    if (op.description) body.append(el("p", {}, op.description));
    const form = el("form");
    const params = op.parameters || [];
    if (params.length) {
      const table = el("table", {class: "rank"}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"),
        el("th", {}, "type"), el("th", {}, "meaning"), el("th", {}, "value")));
      for (const p of params) {
        const input = el("input", {name: p.name, "data-in": p.in, placeholder: p.required ? "required" : ""});
        table.append(el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {}, p.in),
          el("td", {}, typeName(p.schema)), el("td", {}, p.description || (p.schema || {}).description || ""),
          el("td", {}, input)));
      }
      form.append(table);
    }
    const content = op.requestBody && op.requestBody.content["application/json"];
    let bodyBox = null;
    if (content) {
      bodyBox = el("textarea", {rows: "5", cols: "80", name: "body"});
      bodyBox.value = JSON.stringify({text: "Xi Jinping hosted Vladimir Putin in Beijing on Thursday.", date: "2024-05-17"}, null, 1);
      form.append(el("p", {}, "JSON body (" + typeName(content.schema) + "):"), bodyBox);
    }
    const output = el("pre", {class: "response", hidden: ""});
    form.append(el("button", {type: "submit"}, "Send"), output);
    form.addEventListener("submit", async event => {
      event.preventDefault();
      let url = path;
      const query = new URLSearchParams();
      const headers = {};
      for (const input of form.querySelectorAll("input[data-in]")) {
        if (!input.value) continue;
        const where = input.dataset.in;
        if (where === "path") url = url.replace(`{${input.name}}`, encodeURIComponent(input.value));
        else if (where === "query") query.append(input.name, input.value);
        else if (where === "header") headers[input.name] = input.value;
      }
      const init = {method: method.toUpperCase(), headers};
      if (bodyBox) { init.body = bodyBox.value; headers["Content-Type"] = "application/json"; }
      const answer = await fetch(url + (query.toString() ? "?" + query : ""), init);
      const text = await answer.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 1); } catch (_) { shown = text.slice(0, 3000); }
      output.hidden = false;
      output.textContent = `${answer.status} ${answer.statusText}\n\n${shown}`;
    });
    body.append(form);
    const ok = ((op.responses || {})["200"] || {}).content;
    const schema = ok && ok["application/json"] && ok["application/json"].schema;
    if (schema && schema.$ref) body.append(el("p", {}, "Answer:"), fieldsTable(schema.$ref.split("/").pop()));
    box.append(body);
    return box;
  }

  root.replaceChildren(el("p", {}, spec.info.description || ""));
  const byTag = new Map();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = (op.tags || ["other"])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operation(path, method, op));
    }
  }
  for (const [tag, ops] of byTag) root.append(el("h2", {}, tag), ...ops);
  const models = el("details", {class: "docs-op"}, el("summary", {}, "All JSON shapes"));
  const list = el("div", {class: "body"});
  for (const name of Object.keys(spec.components.schemas).sort()) list.append(fieldsTable(name));
  models.append(list);
  root.append(el("h2", {}, "JSON shapes"), models);
})();
