'use strict';
// n8n's runtime (Node >= 22) has a global WebSocket, which the Stream trigger uses; Node 20, which
// the unit and engine tiers may run on, has none: give those tests the `ws` package's.
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = require('ws').WebSocket;
