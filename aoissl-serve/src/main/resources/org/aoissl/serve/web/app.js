// The review page: segment an image with a bank, correct the mask, teach the bank, see the change.
// Plain browser JavaScript, no build step. The mask is kept as one byte per pixel, bit k = class k and
// 255 = ignore, exactly the bit-packed label PNG the service reads and writes.
'use strict';

// The colours of the command line's overlays: wire red, ball green, wedge blue, epoxy yellow, ...
const COLOURS = ['#ff3030', '#30e030', '#3070ff', '#ffd800', '#ff40ff', '#30ffff', '#ff9020', '#9050ff'];
const IGNORE = 255;
const MAX_UNDO = 30;

const state = {
  token: localStorage.getItem('aoissl.token') || '',
  banks: [],
  bank: null,        // the selected bank's info
  files: [],         // the image's files, in channel order
  width: 0,
  height: 0,
  mask: null,        // Uint8Array [H * W]
  visible: [],       // per class: shown in the overlay
  undo: [],
  strokes: 0,
  overlays: [],      // one overlay canvas per channel
};

const $ = (id) => document.getElementById(id);

function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) {
    headers.Authorization = 'Bearer ' + state.token;
  }
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    $('token-box').hidden = false;
    $('token').focus();
    throw new Error('a token is needed');
  }
  if (!response.ok) {
    let reason = response.statusText;
    try {
      reason = (await response.json()).error || reason;
    } catch (e) {
      // not JSON: keep the status text
    }
    throw new Error(reason);
  }
  return response;
}

function imageForm() {
  const form = new FormData();
  for (const f of state.files) {
    form.append('image', f, f.name);
  }
  return form;
}

// ---- banks and versions ----

async function loadBanks(keep) {
  const body = await (await api('/v1/banks')).json();
  state.banks = body.banks;
  const select = $('bank');
  const chosen = keep || select.value || localStorage.getItem('aoissl.bank');
  select.innerHTML = '';
  for (const b of state.banks) {
    const o = document.createElement('option');
    o.value = b.name;
    o.textContent = b.name;
    select.appendChild(o);
  }
  if (state.banks.some((b) => b.name === chosen)) {
    select.value = chosen;
  }
  showBank(state.banks.find((b) => b.name === select.value));
}

function showBank(info) {
  const changedClasses = !state.bank || state.bank.classes.join() !== info.classes.join();
  state.bank = info;
  document.body.dataset.version = info.version;
  $('bank-summary').textContent = 'v' + info.version + ' · ' + info.images + ' images · ' + info.entries
      + ' entries · ' + info.devices.join(', ') + ' · ' + info.segmentsWith;
  if (changedClasses) {
    state.visible = info.classes.map(() => true);
    const list = $('classes');
    const paint = $('paint-class');
    list.innerHTML = '';
    paint.innerHTML = '';
    info.classes.forEach((name, k) => {
      const row = document.createElement('label');
      row.className = 'class-toggle';
      row.innerHTML = '<input type="checkbox" checked> <span class="swatch"></span> ';
      row.querySelector('.swatch').style.background = COLOURS[k % COLOURS.length];
      row.appendChild(document.createTextNode(name));
      row.querySelector('input').addEventListener('change', (e) => {
        state.visible[k] = e.target.checked;
        drawOverlays();
      });
      list.appendChild(row);
      const o = document.createElement('option');
      o.value = k;
      o.textContent = name;
      paint.appendChild(o);
    });
  }
  const versions = $('versions');
  versions.innerHTML = '';
  for (const v of info.versions.slice().reverse()) {
    const li = document.createElement('li');
    li.value = v.version;
    li.textContent = v.change + ' — ' + v.by + (v.time ? ', ' + v.time.replace('T', ' ').slice(0, 19) : '')
        + ' (' + v.images + ' images)';
    li.className = v.version === info.version ? 'current' : '';
    versions.appendChild(li);
  }
  const current = info.versions.find((v) => v.version === info.version);
  $('revert').disabled = !current || current.parent === 0;
}

async function revert() {
  const b = state.bank;
  if (!confirm('Revert bank "' + b.name + '" to the version before v' + b.version + '?')) {
    return;
  }
  try {
    const v = await (await api('/v1/banks/' + encodeURIComponent(b.name) + '/revert', { method: 'POST' })).json();
    await loadBanks(b.name);
    setStatus('reverted: v' + v.version + ' (' + v.change + ')', 'ok');
    if (state.files.length) {
      await segment();
    }
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

// ---- the image ----

async function chooseFiles(list) {
  state.files = Array.from(list).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  if (!state.files.length) {
    return;
  }
  $('file-names').textContent = state.files.map((f) => f.name).join(', ');
  const stem = state.files[0].name.replace(/\.[^.]*$/, '').replace(/_buffer\d+$/, '');
  $('image-id').value = stem.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  try {
    setStatus('reading the image…');
    const p = await (await api('/v1/preview', { method: 'POST', body: imageForm() })).json();
    state.width = p.width;
    state.height = p.height;
    await buildViewers(p.channels);
    $('segment').disabled = false;
    await segment();
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

async function buildViewers(channels) {
  const box = $('channels');
  box.innerHTML = '';
  state.overlays = [];
  $('empty').hidden = true;
  const w = state.width;
  const h = state.height;
  // Side by side when they fit: the gap and each canvas's border come off the width first.
  const room = Math.max(200, Math.floor((box.clientWidth - 20 * channels.length) / channels.length));
  const scale = Math.min(3, room / w, 720 / h);
  for (let c = 0; c < channels.length; c++) {
    const fig = document.createElement('figure');
    fig.className = 'channel';
    fig.style.margin = '0';
    fig.innerHTML = '<figcaption>channel ' + c + '</figcaption><div class="stack"></div>';
    const stack = fig.querySelector('.stack');
    const base = document.createElement('canvas');
    const over = document.createElement('canvas');
    over.className = 'overlay';
    for (const cv of [base, over]) {
      cv.width = w;
      cv.height = h;
      cv.style.width = Math.round(w * scale) + 'px';
      cv.style.height = Math.round(h * scale) + 'px';
      stack.appendChild(cv);
    }
    const img = new Image();
    img.src = 'data:image/png;base64,' + channels[c];
    await img.decode();
    base.getContext('2d').drawImage(img, 0, 0);
    attachBrush(over);
    state.overlays.push(over);
    box.appendChild(fig);
  }
}

async function segment() {
  if (!state.files.length) {
    return;
  }
  const b = state.bank;
  try {
    setStatus('segmenting…');
    const t0 = performance.now();
    const r = await api('/v1/segment?bank=' + encodeURIComponent(b.name),
        { method: 'POST', body: imageForm(), headers: { Accept: 'image/png' } });
    const version = r.headers.get('X-Bank-Version');
    const bitmap = await createImageBitmap(await r.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    const cv = document.createElement('canvas');
    cv.width = bitmap.width;
    cv.height = bitmap.height;
    const g = cv.getContext('2d', { willReadFrequently: true });
    g.drawImage(bitmap, 0, 0);
    const px = g.getImageData(0, 0, cv.width, cv.height).data;
    state.mask = new Uint8Array(cv.width * cv.height);
    for (let i = 0; i < state.mask.length; i++) {
      state.mask[i] = px[4 * i];
    }
    state.undo = [];
    state.strokes = 0;
    updateEditControls();
    drawOverlays();
    showCounts();
    const segmented = Number(document.body.dataset.segmented || 0) + 1;
    document.body.dataset.segmented = segmented;
    document.body.dataset.segmentedVersion = version;
    setStatus('segmented with v' + version + ' in ' + Math.round(performance.now() - t0) + ' ms', 'ok');
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

function showCounts() {
  const n = state.bank.classes.length;
  const counts = new Array(n).fill(0);
  for (const v of state.mask) {
    if (v === IGNORE) {
      continue;
    }
    for (let k = 0; k < n; k++) {
      if (v & (1 << k)) {
        counts[k]++;
      }
    }
  }
  const body = $('counts').querySelector('tbody');
  body.innerHTML = '';
  state.bank.classes.forEach((name, k) => {
    const tr = document.createElement('tr');
    tr.dataset.class = name;
    tr.innerHTML = '<td></td><td></td><td></td>';
    tr.children[0].textContent = name;
    tr.children[1].textContent = counts[k];
    tr.children[2].textContent = (100 * counts[k] / state.mask.length).toFixed(2) + ' %';
    body.appendChild(tr);
  });
  $('counts').hidden = false;
}

// ---- overlays and painting ----

function hex(c) {
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
}

function drawOverlays() {
  if (!state.mask) {
    return;
  }
  const alpha = Math.round(2.55 * Number($('opacity').value));
  const rgb = COLOURS.map(hex);
  const w = state.width;
  const h = state.height;
  const g0 = state.overlays[0].getContext('2d');
  const img = g0.createImageData(w, h);
  const d = img.data;
  const n = state.bank.classes.length;
  for (let i = 0; i < w * h; i++) {
    const v = state.mask[i];
    if (v === 0) {
      continue;
    }
    if (v === IGNORE) {
      d.set([128, 128, 128, alpha], 4 * i);
      continue;
    }
    let r = 0;
    let g = 0;
    let b = 0;
    let m = 0;
    for (let k = 0; k < n; k++) {
      if ((v & (1 << k)) && state.visible[k]) {
        const c = rgb[k % rgb.length];
        r += c[0];
        g += c[1];
        b += c[2];
        m++;
      }
    }
    if (m) {
      d.set([r / m, g / m, b / m, alpha], 4 * i);
    }
  }
  for (const cv of state.overlays) {
    cv.getContext('2d').putImageData(img, 0, 0);
  }
}

function attachBrush(canvas) {
  let last = null;
  const at = (e) => {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * state.width / r.width, (e.clientY - r.top) * state.height / r.height];
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (!state.mask) {
      return;
    }
    canvas.setPointerCapture(e.pointerId);
    state.undo.push(state.mask.slice());
    if (state.undo.length > MAX_UNDO) {
      state.undo.shift();
    }
    state.strokes++;
    last = at(e);
    paint(last, last);
    drawOverlays();
    updateEditControls();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) {
      return;
    }
    const p = at(e);
    paint(last, p);
    last = p;
    drawOverlays();
  });
  const end = () => {
    if (last) {
      last = null;
      showCounts();
    }
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
}

// Stamps a disc of the brush size along the segment from a to b.
function paint(a, b) {
  const erase = document.querySelector('input[name=tool]:checked').value === 'eraser';
  const bit = 1 << Number($('paint-class').value);
  const radius = Number($('size').value) / 2;
  const w = state.width;
  const h = state.height;
  const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1])));
  for (let s = 0; s <= steps; s++) {
    const cx = a[0] + (b[0] - a[0]) * s / steps;
    const cy = a[1] + (b[1] - a[1]) * s / steps;
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        if (x < 0 || y < 0 || x >= w || y >= h || Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > Math.max(radius, 0.5)) {
          continue;
        }
        const i = y * w + x;
        const v = state.mask[i] === IGNORE ? 0 : state.mask[i];
        state.mask[i] = erase ? v & ~bit : v | bit;
      }
    }
  }
}

function undo() {
  if (!state.undo.length) {
    return;
  }
  state.mask = state.undo.pop();
  state.strokes--;
  drawOverlays();
  showCounts();
  updateEditControls();
}

function updateEditControls() {
  $('undo').disabled = state.undo.length === 0;
  $('add').disabled = !state.mask;
  $('edits').textContent = state.strokes ? state.strokes + ' correction' + (state.strokes > 1 ? 's' : '') : '';
}

// ---- teaching ----

function maskPng() {
  const cv = document.createElement('canvas');
  cv.width = state.width;
  cv.height = state.height;
  const g = cv.getContext('2d');
  const img = g.createImageData(cv.width, cv.height);
  for (let i = 0; i < state.mask.length; i++) {
    const v = state.mask[i];
    img.data.set([v, v, v, 255], 4 * i);
  }
  g.putImageData(img, 0, 0);
  return new Promise((resolve) => cv.toBlob(resolve, 'image/png'));
}

async function addToBank() {
  const b = state.bank;
  try {
    setStatus('adding to ' + b.name + '…');
    const form = imageForm();
    form.append('mask', await maskPng(), 'mask.png');
    form.append('labels', 'bits');
    if ($('image-id').value) {
      form.append('id', $('image-id').value);
    }
    const r = await api('/v1/banks/' + encodeURIComponent(b.name) + '/images', { method: 'POST', body: form });
    const v = await r.json();
    await loadBanks(b.name);
    await segment();
    setStatus('added to ' + b.name + ' as v' + v.version + '; segmented again with it', 'ok');
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

// ---- wiring ----

function wire() {
  $('bank').addEventListener('change', () => {
    localStorage.setItem('aoissl.bank', $('bank').value);
    showBank(state.banks.find((b) => b.name === $('bank').value));
    segment();
  });
  $('file').addEventListener('change', (e) => chooseFiles(e.target.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    chooseFiles(e.dataTransfer.files);
  });
  $('segment').addEventListener('click', segment);
  $('opacity').addEventListener('input', drawOverlays);
  $('size').addEventListener('input', () => {
    $('size-value').textContent = $('size').value;
  });
  $('undo').addEventListener('click', undo);
  $('add').addEventListener('click', addToBank);
  $('revert').addEventListener('click', revert);
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'z') {
      e.preventDefault();
      undo();
    }
  });
  $('token-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    state.token = $('token').value.trim();
    localStorage.setItem('aoissl.token', state.token);
    $('token-box').hidden = true;
    start();
  });
}

async function start() {
  try {
    await loadBanks();
    setStatus('ready', 'ok');
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

wire();
start();
