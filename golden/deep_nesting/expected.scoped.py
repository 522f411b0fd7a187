_deep_0_5 = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
    0,
    ['bottom'],
]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]

def _deep_0_4(_deep_0_5=_deep_0_5):
    return [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        _deep_0_5,
    ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0_4 = _deep_0_4()

def _deep_0_3(_deep_0_4=_deep_0_4):
    return [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        100,
        [_deep_0_4],
    ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0_3 = _deep_0_3()

def _deep_0_2(_deep_0_3=_deep_0_3):
    return [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        _deep_0_3,
    ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0_2 = _deep_0_2()

def _deep_0(_deep_0_2=_deep_0_2):
    return [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        200,
        [_deep_0_2],
    ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
_deep_0 = _deep_0()

def deep(_deep_0=_deep_0):
    return [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        _deep_0,
    ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
deep = deep()

_tree_next_5 = {
    'next': {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'level': 0,
                                                                                                                                                                                                    'next': {},
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}

def _tree_next_4(_tree_next_5=_tree_next_5):
    return {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': {
                                                                                                                                                                                                        'next': _tree_next_5,
                                                                                                                                                                                                    },
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
_tree_next_4 = _tree_next_4()

def _tree_next_3(_tree_next_4=_tree_next_4):
    return {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'level': 100,
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': {
                                                                                                                                                                                                        'next': _tree_next_4,
                                                                                                                                                                                                    },
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
_tree_next_3 = _tree_next_3()

def _tree_next_2(_tree_next_3=_tree_next_3):
    return {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': {
                                                                                                                                                                                                        'next': _tree_next_3,
                                                                                                                                                                                                    },
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
_tree_next_2 = _tree_next_2()

def _tree_next(_tree_next_2=_tree_next_2):
    return {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'level': 200,
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': {
                                                                                                                                                                                                        'next': _tree_next_2,
                                                                                                                                                                                                    },
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
_tree_next = _tree_next()

def _tree_next_next_next_next_next_next(_tree_next=_tree_next):
    return {
        'next': {
            'next': {
                'next': {
                    'next': {
                        'next': {
                            'next': {
                                'next': {
                                    'next': {
                                        'next': {
                                            'next': {
                                                'next': {
                                                    'next': {
                                                        'next': {
                                                            'next': {
                                                                'next': {
                                                                    'next': {
                                                                        'next': {
                                                                            'next': {
                                                                                'next': {
                                                                                    'next': {
                                                                                        'next': {
                                                                                            'next': {
                                                                                                'next': {
                                                                                                    'next': {
                                                                                                        'next': {
                                                                                                            'next': {
                                                                                                                'next': {
                                                                                                                    'next': {
                                                                                                                        'next': {
                                                                                                                            'next': {
                                                                                                                                'next': {
                                                                                                                                    'next': {
                                                                                                                                        'next': {
                                                                                                                                            'next': {
                                                                                                                                                'next': {
                                                                                                                                                    'next': {
                                                                                                                                                        'next': {
                                                                                                                                                            'next': {
                                                                                                                                                                'next': {
                                                                                                                                                                    'next': {
                                                                                                                                                                        'next': {
                                                                                                                                                                            'next': {
                                                                                                                                                                                'next': {
                                                                                                                                                                                    'next': {
                                                                                                                                                                                        'next': {
                                                                                                                                                                                            'next': {
                                                                                                                                                                                                'next': {
                                                                                                                                                                                                    'next': {
                                                                                                                                                                                                        'next': _tree_next,
                                                                                                                                                                                                    },
                                                                                                                                                                                                },
                                                                                                                                                                                            },
                                                                                                                                                                                        },
                                                                                                                                                                                    },
                                                                                                                                                                                },
                                                                                                                                                                            },
                                                                                                                                                                        },
                                                                                                                                                                    },
                                                                                                                                                                },
                                                                                                                                                            },
                                                                                                                                                        },
                                                                                                                                                    },
                                                                                                                                                },
                                                                                                                                            },
                                                                                                                                        },
                                                                                                                                    },
                                                                                                                                },
                                                                                                                            },
                                                                                                                        },
                                                                                                                    },
                                                                                                                },
                                                                                                            },
                                                                                                        },
                                                                                                    },
                                                                                                },
                                                                                            },
                                                                                        },
                                                                                    },
                                                                                },
                                                                            },
                                                                        },
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
_tree_next_next_next_next_next_next = _tree_next_next_next_next_next_next()

def tree(_tree_next_next_next_next_next_next=_tree_next_next_next_next_next_next):
    return {
        'next': {
            'next': {
                'next': {
                    'next': {'next': {'next': _tree_next_next_next_next_next_next}},
                },
            },
        },
    }
tree = tree()

del (
    _tree_next_next_next_next_next_next,
    _deep_0,
    _tree_next,
    _deep_0_2,
    _tree_next_2,
    _deep_0_3,
    _tree_next_3,
    _deep_0_4,
    _tree_next_4,
    _deep_0_5,
    _tree_next_5,
)
try:
    del __builtins__, _arrays
except NameError:
    pass
