'use strict';
const { provision } = require('../e2e/provision');
const { clear } = require('./table');

module.exports = async () => {
	clear();
	// The trigger scenarios run the packed package in a real n8n, provisioned like the e2e tier.
	await provision();
};
