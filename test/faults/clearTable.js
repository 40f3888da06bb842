'use strict';
// globalSetup of jest.nodes.config.js: starts an empty result table (no n8n to provision).
const { clear } = require('./table');

module.exports = async () => {
	clear();
};
