'use strict';
// Every e2e test's default time-out is 180 s on an idle machine, stretched by how slow this one is.
const { scaled } = require('./machine');

jest.setTimeout(scaled(180000));
