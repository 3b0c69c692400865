// Every gradient rule, registered on import.
import './elementwise';
import './unary';
import './binary';
import './select';
import './reduce';
import './prod';
import './norm';
import './shape';
import './linalg';
import './scan';
import './indexing';
import './variance';
import './conv';
import './softmax';
import './nll';
