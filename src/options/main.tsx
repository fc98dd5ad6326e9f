import { render } from 'preact';
import { localizeDocument } from '../ui/i18n';
import { Options } from './Options';

localizeDocument();
const root = document.getElementById('app');
if (root) render(<Options />, root);
