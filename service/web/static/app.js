// The tarjama workbench. Plain JavaScript, no build step; every text goes in as textContent.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = "tarjama-api-key";
  const EXPORTS = ["export-html", "export-md", "export-json", "export-docx"];
  const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  const LANG_NAME = { ar: "العربية", en: "English" };
  const FLAG_TEXT = {
    repetition: ["Repetition: the same words repeat in a loop", "تكرار: الكلمات نفسها تتكرر"],
    missing_digits: ["Missing digits: a number of the source is not in the translation", "أرقام ناقصة: رقم من الأصل غائب عن الترجمة"],
    wrong_script: ["Wrong script: the translation is not written in the target language's letters", "كتابة خاطئة: الترجمة ليست بحروف اللغة الهدف"],
    untranslated: ["Untranslated: the output is the same as the source", "غير مترجم: الناتج مطابق للأصل"],
    glossary_miss: ["Glossary miss: a glossary term did not come through", "إخفاق المسرد: مصطلح من المسرد لم يظهر"],
    protected_span_lost: ["Protected text lost: a link, handle or marked span did not come through", "نص محمي مفقود"],
  };

  const state = {
    rows: [], // {source, title, segments: [{source, target, flags, approved, corrected}], done}
    removed: [], // {text, reason, position}
    sourceLang: null,
    targetLang: null,
    format: "text",
    fileName: null,
    summaries: {},
    summaryMethod: null,
    models: {},
    corrections: [],
    features: { memory: true, glossaries: false, glossaryId: false, words: false },
    busy: false,
    targetTouched: false,
    detected: null,
  };

  // -- small helpers ---------------------------------------------------------------------------
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function bilingual(en, ar) {
    const span = el("span", {}, en + " · ");
    span.appendChild(el("span", { lang: "ar" }, ar));
    return span;
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.classList.toggle("shown", Boolean(message));
  }

  function notice(message) {
    $("notice").textContent = message || "";
  }

  function key() {
    return sessionStorage.getItem(KEY_STORE) || "";
  }

  function headers(json) {
    const h = {};
    if (json) h["Content-Type"] = "application/json";
    const k = key();
    if (k) h["Authorization"] = "Bearer " + k;
    return h;
  }

  class ApiError extends Error {}

  async function failure(response) {
    let code = "", message = "";
    try {
      const body = await response.json();
      code = (body.error && body.error.code) || "";
      message = (body.error && body.error.message) || "";
    } catch (_) {
      message = response.statusText;
    }
    if (response.status === 401) {
      $("key-box").hidden = false;
      return new ApiError(
        (code === "invalid_api_key"
          ? "This API key is not valid (unknown or revoked). Enter a valid key above."
          : "This service needs an API key: enter it in the API key field above.") +
          " · مطلوب مفتاح صالح للخدمة."
      );
    }
    if (response.status === 429) {
      const wait = response.headers.get("Retry-After");
      return new ApiError(
        "Too many requests: " + message + (wait && !/retry/i.test(message) ? " (retry in " + wait + " s)" : "") + " · طلبات كثيرة، أعد المحاولة لاحقًا."
      );
    }
    if (code === "no_main_text") {
      message += " · Untick “Remove scraped boilerplate” to translate the text as it is.";
    }
    return new ApiError(message || "The service answered " + response.status + ".");
  }

  async function api(path, options) {
    const opts = options || {};
    const init = { method: opts.method || "GET", headers: headers(opts.body !== undefined) };
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
    if (opts.form !== undefined) init.body = opts.form; // multipart: the browser sets its Content-Type
    let response;
    try {
      response = await fetch(path, init);
    } catch (_) {
      throw new ApiError("The service cannot be reached. Is tarjama serve running? · تعذّر الوصول إلى الخدمة.");
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  function other(lang) {
    return lang === "ar" ? "en" : "ar";
  }

  function setDir(node, lang) {
    if (lang === "ar") {
      node.setAttribute("dir", "rtl");
      node.setAttribute("lang", "ar");
    } else if (lang === "en") {
      node.setAttribute("dir", "ltr");
      node.setAttribute("lang", "en");
    } else {
      node.setAttribute("dir", "auto");
    }
  }

  // -- features: what this service offers (from its own OpenAPI document) ------------------------
  async function detectFeatures() {
    try {
      const response = await fetch("/openapi.json");
      if (!response.ok) return;
      const spec = await response.json();
      const paths = spec.paths || {};
      const schemas = (spec.components && spec.components.schemas) || {};
      const props = (name) => (schemas[name] && schemas[name].properties) || {};
      state.features.memory = Boolean(paths["/v1/memory"] && paths["/v1/memory"].put);
      state.features.glossaries = Boolean(paths["/v1/glossaries"] && paths["/v1/glossaries"].get);
      state.features.glossaryId = "glossary_id" in props("TranslateRequest");
      state.features.words = "words" in props("SummarizeRequest");
    } catch (_) {
      /* keep the defaults */
    }
    $("summary-unit").querySelector('option[value="words"]').disabled = !state.features.words;
  }

  async function loadGlossaries() {
    const select = $("glossary");
    if (!state.features.glossaries || !state.features.glossaryId) return;
    if (document.body.dataset.keys === "on" && !key()) return;
    try {
      const body = await (await api("/v1/glossaries")).json();
      const list = Array.isArray(body) ? body : body.glossaries || [];
      const chosen = select.value;
      while (select.options.length > 1) select.remove(1);
      for (const item of list) {
        const option = el("option", { value: item.id }, item.name + " (" + item.pair + ")");
        option.dataset.pair = item.pair;
        select.appendChild(option);
      }
      select.value = chosen;
      select.disabled = false;
    } catch (err) {
      showError(err.message);
    }
  }

  // -- input ---------------------------------------------------------------------------------------
  let detectTimer = null;
  function scheduleDetect() {
    clearTimeout(detectTimer);
    detectTimer = setTimeout(detectSource, 400);
  }

  async function detectSource() {
    const text = $("source").value.trim();
    if (!text || (document.body.dataset.keys === "on" && !key())) {
      $("detected").textContent = "";
      return;
    }
    try {
      const found = await (await api("/v1/detect", { method: "POST", body: { text: text.slice(0, 5000) } })).json();
      state.detected = found.language === "und" ? null : found.language;
      $("detected").textContent = state.detected ? "Detected: " + LANG_NAME[state.detected] : "Language unclear · غير واضحة";
      if ($("source-lang").value === "auto" && state.detected && !state.targetTouched) {
        $("target-lang").value = other(state.detected);
      }
    } catch (err) {
      showError(err.message);
    }
  }

  // Documents are read by the service (the core's readers); text, Markdown and HTML by the page itself.
  const DOCUMENT_FILE = /\.(docx|pptx|odt|odp|epub|srt|vtt|pdf)$/;

  async function documentText(file) {
    const form = new FormData();
    form.append("file", file, file.name);
    const answer = await (await api("/v1/documents/text", { method: "POST", form: form })).json();
    return answer.paragraphs.join("\n\n");
  }

  async function readFile(file) {
    const name = file.name.toLowerCase();
    const isDocument = DOCUMENT_FILE.test(name);
    showError("");
    $("translate").disabled = true;
    if (isDocument) notice("Reading " + file.name + "… · قراءة الملف…");
    try {
      const text = isDocument ? await documentText(file) : await file.text();
      state.fileName = file.name;
      state.format = /\.html?$/.test(name) ? "html" : /\.(md|markdown)$/.test(name) ? "markdown" : "text";
      $("source").value = text;
      notice("Loaded " + file.name + " · تم تحميل الملف");
      scheduleDetect();
    } finally {
      $("translate").disabled = state.busy;
    }
  }

  function looksLikeHtml(text) {
    return /^\s*(<!doctype html|<html|<body|<article|<div|<p[\s>])/i.test(text);
  }

  function splitParagraphs(text) {
    const blocks = /\n\s*\n/.test(text) ? text.split(/\n\s*\n/) : text.split("\n");
    return blocks.map((b) => b.replace(/\s*\n\s*/g, " ").trim()).filter(Boolean);
  }

  // -- output table ----------------------------------------------------------------------------
  function segmentNode(rowIndex, segIndex, seg) {
    const wrap = el("span", { class: "seg" + (seg.flags.length ? " flagged" : "") + (seg.approved ? " is-approved" : "") });
    const text = el(
      "span",
      {
        class: "seg-text",
        role: "button",
        tabindex: "0",
        "data-testid": "edit",
        "data-row": rowIndex,
        "data-seg": segIndex,
        "aria-label": "Edit: " + seg.target,
        title: "Edit this sentence · حرّر هذه الجملة",
      },
      seg.target
    );
    wrap.appendChild(text);
    if (seg.approved) {
      wrap.appendChild(el("span", { class: "badge approved", "data-testid": "approved" }, "✓ approved · معتمد"));
    }
    if (seg.flags.length) {
      const flag = el("span", { class: "badge flag", "data-testid": "flag", "data-flag": seg.flags.join(" ") });
      flag.textContent = seg.flags
        .map((f) => (FLAG_TEXT[f] ? FLAG_TEXT[f][0] + " · " + FLAG_TEXT[f][1] : f))
        .join("; ");
      wrap.appendChild(flag);
    }
    wrap.appendChild(document.createTextNode(" "));
    return wrap;
  }

  function targetCell(index) {
    const row = state.rows[index];
    const cell = el("div", { class: "cell target", "data-testid": "target-paragraph", "data-index": index });
    setDir(cell, state.targetLang);
    row.segments.forEach((seg, i) => cell.appendChild(segmentNode(index, i, seg)));
    return cell;
  }

  function renderRow(index) {
    const row = state.rows[index];
    const line = el("div", { class: "line" + (row.title ? " title" : ""), "data-row": index });
    const source = el("div", { class: "cell source", "data-testid": "source-paragraph", "data-index": index }, row.source);
    setDir(source, state.sourceLang);
    line.appendChild(source);
    if (row.done) {
      line.appendChild(targetCell(index));
    } else {
      line.appendChild(el("div", { class: "cell pending", "aria-hidden": "true" }, "…"));
    }
    return line;
  }

  function renderAll() {
    const out = $("output");
    out.replaceChildren();
    if (state.rows.length) {
      const head = el("div", { class: "line head", "aria-hidden": "true" });
      head.appendChild(el("div", { class: "cell" }, state.sourceLang ? LANG_NAME[state.sourceLang] : "Source · الأصل"));
      head.appendChild(el("div", { class: "cell" }, state.targetLang ? LANG_NAME[state.targetLang] : "Translation · الترجمة"));
      out.appendChild(head);
    }
    state.rows.forEach((_, i) => out.appendChild(renderRow(i)));
    updateCounts();
  }

  function replaceRow(index) {
    const old = $("output").querySelector('.line[data-row="' + index + '"]');
    const fresh = renderRow(index);
    if (old) old.replaceWith(fresh);
    else $("output").appendChild(fresh);
  }

  function updateCounts() {
    const flagged = state.rows.reduce((n, row) => n + row.segments.filter((s) => s.flags.length).length, 0);
    $("flag-count").textContent = state.rows.length
      ? flagged + (flagged === 1 ? " flagged sentence" : " flagged sentences") + " · جمل مُعلَّمة: " + flagged
      : "";
    $("flag-count").classList.toggle("has-flags", flagged > 0);
    const done = state.rows.filter((r) => r.done).length;
    const progress = $("progress");
    progress.max = Math.max(state.rows.length, 1);
    progress.value = done;
    const ready = state.rows.length > 0 && done === state.rows.length;
    for (const id of EXPORTS) $(id).disabled = !ready || state.busy;
  }

  function setProgress(text) {
    $("progress-text").textContent = text;
  }

  function renderRemoved() {
    const list = $("removed");
    list.replaceChildren();
    $("removed-box").hidden = state.removed.length === 0;
    state.removed.forEach((item, i) => {
      const li = el("li", {});
      li.appendChild(el("span", { class: "reason" }, item.reason.replace(/_/g, " ")));
      li.appendChild(el("span", { class: "removed-text", dir: "auto" }, item.text));
      const button = el("button", { type: "button", "data-testid": "restore", "aria-label": "Restore: " + item.text.slice(0, 60) });
      button.appendChild(bilingual("Restore", "استعادة"));
      button.addEventListener("click", () => restore(i));
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  function fromSegments(segments) {
    return (segments || []).map((s) => ({
      source: s.source,
      target: s.target,
      flags: Array.isArray(s.flags) ? s.flags : [],
      approved: s.memory === "approved",
      corrected: false,
    }));
  }

  // -- translating -------------------------------------------------------------------------------
  function translateBody(text) {
    const body = { text: text, flags: true };
    const source = $("source-lang").value;
    body.source = source;
    if (source !== "auto" || state.targetTouched) body.target = $("target-lang").value;
    const glossary = $("glossary").value;
    if (glossary && state.features.glossaryId) body.glossary_id = glossary;
    return body;
  }

  async function* ndjson(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, cut).trim();
        buffer = buffer.slice(cut + 1);
        if (line) yield JSON.parse(line);
      }
    }
    if (buffer.trim()) yield JSON.parse(buffer);
  }

  async function prepare(text) {
    const format = looksLikeHtml(text) ? "html" : state.format;
    if ($("clean").checked || format === "html") {
      setProgress("Cleaning… · تنظيف…");
      const cleaned = await (await api("/v1/clean", { method: "POST", body: { text: text, format: format === "text" ? "auto" : format } })).json();
      state.format = cleaned.format;
      const rows = [];
      if (cleaned.title) rows.push({ source: cleaned.title, title: true, segments: [], done: false });
      for (const p of cleaned.paragraphs) rows.push({ source: p, title: false, segments: [], done: false });
      return { rows: rows, removed: cleaned.removed };
    }
    return { rows: splitParagraphs(text).map((p) => ({ source: p, title: false, segments: [], done: false })), removed: [] };
  }

  async function translate() {
    if (state.busy) return;
    showError("");
    notice("");
    const text = $("source").value;
    if (!text.trim()) {
      showError("Paste an article or choose a file first. · الصق مقالًا أو اختر ملفًا أولًا.");
      $("source").focus();
      return;
    }
    state.busy = true;
    $("translate").disabled = true;
    $("output").setAttribute("aria-busy", "true");
    try {
      const prepared = await prepare(text);
      state.rows = prepared.rows;
      state.removed = prepared.removed;
      state.summaries = {};
      state.corrections = [];
      state.sourceLang = $("source-lang").value === "auto" ? state.detected : $("source-lang").value;
      state.targetLang = null;
      $("summaries").hidden = true;
      renderRemoved();
      renderAll();
      setProgress("Translating… · ترجمة…");
      await streamRows(state.rows.map((r) => r.source).join("\n\n"));
      setProgress("Summarising… · تلخيص…");
      await summarize();
      setProgress("Done: " + state.rows.length + " paragraphs · تمّت الترجمة");
    } catch (err) {
      showError(err instanceof ApiError ? err.message : "Something went wrong: " + err.message);
      setProgress("Stopped · توقّف");
    } finally {
      state.busy = false;
      $("translate").disabled = false;
      $("output").removeAttribute("aria-busy");
      updateCounts();
    }
  }

  async function streamRows(text) {
    const body = translateBody(text);
    body.stream = true;
    const response = await api("/v1/translate", { method: "POST", body: body });
    let first = true;
    for await (const line of ndjson(response)) {
      if (line.error) throw new ApiError(line.error.message);
      if (line.done) {
        for (const model of line.models || []) state.models[state.sourceLang + "-" + state.targetLang] = model;
        break;
      }
      if (first) {
        first = false;
        state.sourceLang = line.source;
        state.targetLang = line.target;
        renderAll();
      }
      const row = state.rows[line.paragraph];
      if (!row) continue; // never expected: the service splits paragraphs as the page does
      row.segments = fromSegments(line.segments);
      if (!row.segments.length) row.segments = [{ source: row.source, target: line.translation, flags: [], approved: false, corrected: false }];
      row.done = true;
      replaceRow(line.paragraph);
      updateCounts();
      setProgress("Translating… " + state.rows.filter((r) => r.done).length + " / " + state.rows.length);
    }
    const missing = state.rows.filter((r) => !r.done).length;
    if (missing) throw new ApiError(missing + " paragraphs came back without a translation; try again.");
  }

  function summaryBody(lang) {
    const body = {
      text: state.rows.filter((r) => !r.title).map((r) => r.source).join("\n\n") || state.rows.map((r) => r.source).join("\n\n"),
      lang: lang,
      source: state.sourceLang || "auto",
      method: $("summary-method").value,
    };
    const length = Math.max(1, Math.min(50, parseInt($("summary-length").value, 10) || 3));
    if ($("summary-unit").value === "words" && state.features.words) {
      body.words = Math.max(length, 5);
      body.sentences = null;
    } else {
      body.sentences = length;
    }
    return body;
  }

  async function summarize() {
    if (!state.rows.length || !state.sourceLang) return;
    const answers = await Promise.all(
      ["en", "ar"].map((lang) => api("/v1/summarize", { method: "POST", body: summaryBody(lang) }).then((r) => r.json()))
    );
    for (const answer of answers) state.summaries[answer.lang] = answer;
    for (const lang of ["en", "ar"]) {
      const box = $("summary-" + lang);
      box.replaceChildren();
      for (const sentence of (state.summaries[lang] || {}).sentences || []) box.appendChild(el("p", {}, sentence));
    }
    const methods = [...new Set(answers.map((a) => a.method))].join(", ");
    state.summaryMethod = methods;
    $("summary-method-used").textContent = "Method: " + methods + " · الطريقة: " + methods;
    $("summaries").hidden = false;
  }

  async function restore(i) {
    const item = state.removed[i];
    if (!item || state.busy) return;
    showError("");
    const position = Math.min(item.position, state.rows.length);
    const row = { source: item.text, title: false, segments: [], done: false, restored: true };
    state.removed.splice(i, 1);
    for (const other of state.removed) if (other.position > position) other.position += 1;
    state.rows.splice(position, 0, row);
    renderRemoved();
    renderAll();
    if (!state.sourceLang || !state.targetLang) return;
    try {
      const body = translateBody(item.text);
      body.source = state.sourceLang;
      body.target = state.targetLang;
      const answer = await (await api("/v1/translate", { method: "POST", body: body })).json();
      row.segments = fromSegments(answer.segments);
      if (!row.segments.length) row.segments = [{ source: item.text, target: answer.translation, flags: [], approved: false, corrected: false }];
      row.done = true;
      renderAll();
      notice("Restored and translated · تمت الاستعادة");
    } catch (err) {
      showError(err.message);
    }
  }

  // -- corrections -------------------------------------------------------------------------------
  function startEdit(target) {
    const rowIndex = Number(target.dataset.row);
    const segIndex = Number(target.dataset.seg);
    const seg = state.rows[rowIndex].segments[segIndex];
    const wrap = target.parentElement;
    const form = el("span", { class: "editor" });
    const boxId = "edit-" + rowIndex + "-" + segIndex;
    const label = el("label", { for: boxId }, "Corrected sentence · الجملة المصحّحة");
    const box = el("textarea", { id: boxId, "data-testid": "edit-box", rows: "3" });
    setDir(box, state.targetLang);
    box.value = seg.target;
    const save = el("button", { type: "button", "data-testid": "save", class: "primary" });
    save.appendChild(bilingual("Save", "احفظ"));
    const cancel = el("button", { type: "button", "data-testid": "cancel" });
    cancel.appendChild(bilingual("Cancel", "إلغاء"));
    form.append(label, box, save, cancel);
    wrap.replaceWith(form);
    box.focus();
    const close = () => {
      replaceRow(rowIndex);
      const again = $("output").querySelector('.seg-text[data-row="' + rowIndex + '"][data-seg="' + segIndex + '"]');
      if (again) again.focus();
    };
    cancel.addEventListener("click", close);
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") close();
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        e.stopPropagation();
        save.click();
      }
    });
    save.addEventListener("click", async () => {
      const corrected = box.value.trim();
      if (!corrected) {
        showError("A correction cannot be empty. · لا يمكن أن يكون التصحيح فارغًا.");
        return;
      }
      showError("");
      save.disabled = true;
      const pair = state.sourceLang + "-" + state.targetLang;
      try {
        if (state.features.memory) {
          await api("/v1/memory", { method: "PUT", body: { pair: pair, source: seg.source, target: corrected } });
          notice("Saved to the approved memory · حُفظ في الذاكرة المعتمدة");
        } else {
          notice("Kept on this page only: this service has no approved memory · حُفظ في الصفحة فقط");
        }
        seg.target = corrected;
        seg.corrected = true;
        seg.flags = []; // the editor's sentence replaces the flagged machine output
        seg.approved = state.features.memory;
        state.corrections = state.corrections.filter((c) => c.source !== seg.source);
        state.corrections.push({ pair: pair, source: seg.source, target: corrected });
        close();
        updateCounts();
      } catch (err) {
        save.disabled = false;
        showError(err.message);
      }
    });
  }

  // -- export ------------------------------------------------------------------------------------
  function paragraphText(row) {
    return row.segments.map((s) => s.target).join(" ");
  }

  function briefing() {
    const src = state.sourceLang, tgt = state.targetLang;
    const titleRow = state.rows.find((r) => r.title);
    const title = { ar: "", en: "" };
    if (titleRow) {
      title[src] = titleRow.source;
      title[tgt] = paragraphText(titleRow);
    }
    const paragraphs = state.rows
      .filter((r) => !r.title)
      .map((r) => {
        const pair = { ar: "", en: "", flags: [] };
        pair[src] = r.source;
        pair[tgt] = paragraphText(r);
        for (const s of r.segments) for (const f of s.flags) if (!pair.flags.includes(f)) pair.flags.push(f);
        return pair;
      });
    const flagged = paragraphs.filter((p) => p.flags.length).length;
    const warnings = [];
    if (flagged) warnings.push(flagged + " paragraphs have flagged sentences");
    if (state.corrections.length) warnings.push(state.corrections.length + " sentences corrected by an editor");
    const source = { format: state.format };
    if (state.fileName) source.path = state.fileName;
    return {
      id: (state.fileName || "article").replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]+/g, "-") || "article",
      source: source,
      source_lang: src,
      title: title,
      summary: { ar: (state.summaries.ar || {}).sentences || [], en: (state.summaries.en || {}).sentences || [] },
      paragraphs: paragraphs,
      removed: state.removed.map((r) => ({ text: r.text, reason: r.reason })),
      models: state.models,
      timings: {},
      warnings: warnings,
      corrections: state.corrections,
    };
  }

  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type: type }));
    const a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function exportAs(kind) {
    showError("");
    const data = briefing();
    try {
      if (kind === "json") {
        download(data.id + ".json", "application/json", JSON.stringify(data, null, 2) + "\n");
        return;
      }
      const format = { md: "markdown", html: "html", docx: "docx" }[kind];
      const body = Object.assign({}, data);
      delete body.corrections;
      const response = await api("/v1/briefing/render", { method: "POST", body: { briefing: body, format: format } });
      if (kind === "docx") {
        download(data.id + ".docx", DOCX_TYPE, await response.blob());
        return;
      }
      const text = await response.text();
      download(data.id + (kind === "md" ? ".md" : ".html"), kind === "md" ? "text/markdown" : "text/html", text);
    } catch (err) {
      showError(err.message);
    }
  }

  // -- wiring ------------------------------------------------------------------------------------
  function swap() {
    const source = $("source-lang").value === "auto" ? state.detected || other($("target-lang").value) : $("source-lang").value;
    const target = $("target-lang").value;
    $("source-lang").value = target;
    $("target-lang").value = source;
    state.targetTouched = true;
    if (state.rows.length && state.rows.every((r) => r.done)) {
      $("source").value = state.rows.map(paragraphText).join("\n\n");
      state.format = "text";
      state.fileName = null;
      notice("Swapped: the translation is now the source · تم التبديل");
    }
  }

  function init() {
    if (document.body.dataset.keys === "on") $("key-box").hidden = false;
    $("api-key").value = key();
    $("api-key").addEventListener("change", () => {
      const value = $("api-key").value.trim();
      if (value) sessionStorage.setItem(KEY_STORE, value);
      else sessionStorage.removeItem(KEY_STORE);
      showError("");
      loadGlossaries();
      scheduleDetect();
    });
    $("forget-key").addEventListener("click", () => {
      sessionStorage.removeItem(KEY_STORE);
      $("api-key").value = "";
      $("api-key").focus();
    });
    $("source").addEventListener("input", () => {
      state.format = "text";
      state.fileName = null;
      scheduleDetect();
    });
    $("file").addEventListener("change", () => {
      const file = $("file").files[0];
      if (file) {
        readFile(file).catch((err) => {
          notice("");
          $("file").value = ""; // so that picking the same file again (fixed) reads it again
          showError(err instanceof ApiError ? err.message : "Cannot read the file: " + err.message);
        });
      }
    });
    $("source-lang").addEventListener("change", () => {
      const value = $("source-lang").value;
      if (value !== "auto" && !state.targetTouched) $("target-lang").value = other(value);
    });
    $("target-lang").addEventListener("change", () => {
      state.targetTouched = true;
    });
    $("swap").addEventListener("click", swap);
    $("translate").addEventListener("click", translate);
    for (const id of ["summary-length", "summary-unit", "summary-method"]) {
      $(id).addEventListener("change", () => {
        if (!state.busy && state.rows.length && state.rows.every((r) => r.done)) {
          summarize().catch((err) => showError(err.message));
        }
      });
    }
    document.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
        e.preventDefault();
        translate();
      }
    });
    $("output").addEventListener("click", (e) => {
      const target = e.target.closest(".seg-text");
      if (target && !state.busy) startEdit(target);
    });
    $("output").addEventListener("keydown", (e) => {
      const target = e.target.closest(".seg-text");
      if (target && (e.key === "Enter" || e.key === " ") && !e.ctrlKey && !state.busy) {
        e.preventDefault();
        startEdit(target);
      }
    });
    $("export-html").addEventListener("click", () => exportAs("html"));
    $("export-md").addEventListener("click", () => exportAs("md"));
    $("export-json").addEventListener("click", () => exportAs("json"));
    $("export-docx").addEventListener("click", () => exportAs("docx"));
    detectFeatures().then(loadGlossaries);
    document.body.dataset.ready = "true";
  }

  init();
})();
