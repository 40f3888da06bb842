'use strict';
const { clear } = require('./table');

module.exports = async () => {
	clear();
};
