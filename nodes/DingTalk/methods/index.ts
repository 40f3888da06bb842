/** The node's methods for n8n's editor: the list searches behind its resource locators. */
import { searchApprovalTemplates } from './approvalTemplates';
import { searchDepartments, searchUsers } from './contacts';
import { searchDriveFolders, searchDriveSpaces } from './drive';
import { searchDepartmentGroups } from './groups';

export const listSearch = {
	searchApprovalTemplates,
	searchDepartmentGroups,
	searchDepartments,
	searchDriveFolders,
	searchDriveSpaces,
	searchUsers,
};
