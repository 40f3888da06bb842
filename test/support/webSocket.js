'use strict';
// The Stream trigger uses Node's global WebSocket (Node 22+). On older Node, tests lend it the
// `ws` package's client, which has the same onopen / onmessage / onclose interface.
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = require('ws');
