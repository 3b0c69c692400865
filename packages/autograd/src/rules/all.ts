// Every gradient rule, registered on import.
import './elementwise';
import './reduce';
import './shape';
import './linalg';
import './scan';
import './indexing';
