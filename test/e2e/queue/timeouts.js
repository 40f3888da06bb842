'use strict';
// Queue-mode tests get 600 s each on an idle machine, stretched by how slow this one is.
const { scaled } = require('../machine');

jest.setTimeout(scaled(600000));
