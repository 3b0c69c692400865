#!/usr/bin/env python3
"""Where PyTorch 1.13 puts children, parameters and buffers whose names are integer-like ('1') next to
other names ('fc'): insertion order everywhere (OrderedDicts). test/module-order.test.ts builds the
same modules by the same steps and compares the names, the state-dict keys and the print.

    /usr/bin/python3 packages/nn/scripts/module_order_fixtures.py
"""
import json
import os
from collections import OrderedDict

import torch
import torch.nn as nn


class Mixed(nn.Module):
    """Registers 'fc', then '1' (a child), a buffer '0' and a parameter '2', then 'head'."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.add_module('1', nn.ReLU())
        self.register_buffer('0', torch.zeros(1))
        self.register_parameter('2', nn.Parameter(torch.zeros(3)))
        self.head = nn.Linear(2, 1)


def scenarios():
    out = {}
    out['sequential_ordered_dict'] = nn.Sequential(OrderedDict([('fc', nn.Linear(2, 3)), ('1', nn.ReLU()), ('0', nn.Linear(3, 1))]))
    seq = nn.Sequential(nn.Linear(2, 3))
    seq.add_module('act', nn.Tanh())
    seq.append(nn.Linear(3, 1))
    out['sequential_add_module_then_append'] = seq
    out['mixed_registrations'] = Mixed()
    out['module_dict_integer_keys'] = nn.ModuleDict(OrderedDict([('b', nn.Linear(1, 1)), ('10', nn.Linear(1, 2)), ('2', nn.Identity())]))
    seq = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 3))
    seq.insert(1, nn.Tanh())
    seq.append(nn.Sigmoid())
    out['sequential_insert_append'] = seq
    seq = nn.Sequential(nn.Linear(1, 2), nn.ReLU(), nn.Linear(2, 3), nn.Tanh())
    seq.pop(1)
    out['sequential_pop'] = seq
    lst = nn.ModuleList([nn.Linear(1, 1)])
    lst.extend([nn.ReLU(), nn.Linear(1, 2)])
    lst.insert(0, nn.Tanh())
    out['module_list_extend_insert'] = lst
    return out


def main():
    torch.manual_seed(0)
    cases = {}
    for name, m in scenarios().items():
        cases[name] = {
            'children': [n for n, _ in m.named_children()],
            'parameters': [n for n, _ in m.named_parameters()],
            'buffers': [n for n, _ in m.named_buffers()],
            'state_dict': list(m.state_dict().keys()),
            'repr': repr(m),
        }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'module-order.json')
    with open(path, 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, indent=1)
        f.write('\n')
    print('wrote %d cases to %s' % (len(cases), os.path.normpath(path)))


if __name__ == '__main__':
    main()
