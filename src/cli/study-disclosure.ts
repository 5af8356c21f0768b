// Moved to src/study/disclosure-file.ts; this re-export keeps export.ts (another helper's) compiling until it imports from there.

export { declaredRecode, DISCLOSURE_FILE, readStudyDisclosure, type StudyDisclosure } from '../study/disclosure-file.ts';
